//! The S&T task figures of a period, as of the period's last day: each task's
//! stage is read from its dated steps (the step history is the source of
//! truth), never from its stage today, so recording later work changes no
//! past figure.

use chrono::{Datelike, NaiveDate};

use super::{Period, TaskFigures};
use crate::tasks::{CouncilKind, EventKind, Level, Stage};

/// One recorded step of a task: its date, what it was, the stage it left the task in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskStep {
    pub date: NaiveDate,
    pub kind: EventKind,
    pub to: Stage,
}

/// A task with its whole dated history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskHistory {
    pub id: i64,
    pub title: String,
    pub level: Level,
    /// A provincial task in the field of intellectual property (reported apart).
    pub ip: bool,
    /// The field as recorded ("Nông nghiệp", "Y dược", …).
    pub field: String,
    /// The total budget in đồng.
    pub budget: i64,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The end as extended (known once an extension step is recorded).
    pub extended_end: Option<NaiveDate>,
    /// The day the task was proposed (it exists from then, before any step).
    pub proposed_on: Option<NaiveDate>,
    /// Steps in the order they happened.
    pub steps: Vec<TaskStep>,
    /// Councils held: (kind, meeting day).
    pub councils: Vec<(CouncilKind, NaiveDate)>,
}

impl TaskHistory {
    /// The task's stage at the end of `day`; `None` when it was not yet proposed.
    pub fn stage_on(&self, day: NaiveDate) -> Option<Stage> {
        match self.steps.iter().rfind(|s| s.date <= day) {
            Some(step) => Some(step.to),
            None => self.proposed_on.filter(|p| *p <= day).map(|_| Stage::Proposed),
        }
    }

    fn stepped(&self, p: &Period, hit: impl Fn(&TaskStep) -> bool) -> bool {
        self.steps.iter().any(|s| p.contains(s.date) && hit(s))
    }

    fn reached_by(&self, stage: Stage, day: NaiveDate) -> bool {
        self.steps.iter().any(|s| s.date <= day && s.to == stage)
    }

    fn council(&self, kinds: &[CouncilKind], from: Option<NaiveDate>, to: NaiveDate) -> bool {
        self.councils.iter().any(|(k, on)| kinds.contains(k) && *on <= to && from.is_none_or(|f| *on >= f))
    }

    /// The day the task should end, as known on `day` (an extension counts
    /// once it is recorded).
    fn due_on(&self, day: NaiveDate) -> Option<NaiveDate> {
        let extended = self.steps.iter().any(|s| s.date <= day && s.kind == EventKind::Extend);
        if extended { self.extended_end.or(self.end) } else { self.end }
    }
}

/// A task as it stood on the period's last day (for the statistics forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskState {
    pub id: i64,
    pub level: Level,
    pub field: String,
    pub stage: Stage,
    pub starts_this_year: bool,
    pub accepted_in_period: bool,
    pub budget: i64,
}

/// Counts the tasks of a period from their histories; `planned` lists the
/// task inspections planned after the period (task id, day).
pub fn task_figures(tasks: &[TaskHistory], planned: &[(i64, NaiveDate)], p: &Period) -> TaskFigures {
    let (year, end) = (p.year(), p.to);
    let selection = [CouncilKind::Selection, CouncilKind::DirectAssignment];
    let mut f = TaskFigures::default();
    for t in tasks {
        let Some(stage) = t.stage_on(end) else { continue };
        f.states.push(TaskState {
            id: t.id,
            level: t.level,
            field: t.field.clone(),
            stage,
            starts_this_year: t.start.is_some_and(|s| s.year() == year),
            accepted_in_period: t.stepped(p, |s| s.kind == EventKind::Advance && s.to == Stage::OfficialAcceptance),
            budget: t.budget,
        });
        if stage.is_running() {
            match t.level {
                Level::Provincial if t.ip => f.ip.push(t.id),
                Level::Provincial => f.provincial.push(t.id),
                Level::Ministry => f.ministry.push(t.id),
                Level::RuralMountain => f.rural.push(t.id),
                Level::National => f.national.push(t.id),
                Level::UrgentLocal => f.urgent.push(t.id),
                Level::Grassroots => {}
            }
            if t.due_on(end).is_some_and(|due| due < end) {
                f.overdue.push(t.id);
            }
        }
        let starts_this_year = t.start.is_some_and(|s| s.year() == year);
        if t.level == Level::Provincial && starts_this_year && t.reached_by(Stage::ListApproved, end) {
            let (new, council, council_now, appraised, appraised_now) = if t.ip {
                (&mut f.new_ip, &mut f.ip_with_council, &mut f.ip_with_council_in_period, &mut f.ip_appraised, None)
            } else {
                (
                    &mut f.new_tasks,
                    &mut f.with_council,
                    &mut f.with_council_in_period,
                    &mut f.appraised,
                    Some(&mut f.appraised_in_period),
                )
            };
            new.push(t.id);
            if t.council(&selection, None, end) {
                council.push(t.id);
            }
            if t.council(&selection, Some(p.from), end) {
                council_now.push(t.id);
            }
            if t.council(&[CouncilKind::Appraisal], None, end) {
                appraised.push(t.id);
            }
            if let Some(now) = appraised_now
                && t.council(&[CouncilKind::Appraisal], Some(p.from), end)
            {
                now.push(t.id);
            }
        }
        if t.level == Level::RuralMountain && stage == Stage::Proposed && t.start.is_some_and(|s| s.year() == year + 1)
        {
            f.proposed_next.push(t.id);
        }
        if t.stepped(p, |s| s.kind == EventKind::Advance && s.to == Stage::OfficialAcceptance) {
            f.accepted.push(t.id);
        }
        if t.stepped(p, |s| s.kind == EventKind::Advance && s.to == Stage::Recognized) {
            f.recognised.push(t.id);
        }
        if t.stepped(p, |s| s.kind == EventKind::Extend) {
            f.extended.push(t.id);
        }
        if t.stepped(p, |s| s.to == Stage::Terminated) {
            f.terminated.push(t.id);
        }
        if let Some(on) = planned.iter().filter(|(id, _)| *id == t.id).map(|x| x.1).min() {
            f.planned_inspections.push((t.id, t.title.clone(), on));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::PeriodKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn step(date: NaiveDate, to: Stage) -> TaskStep {
        TaskStep { date, kind: EventKind::Advance, to }
    }

    fn task(id: i64, steps: Vec<TaskStep>) -> TaskHistory {
        TaskHistory {
            id,
            title: format!("Nhiệm vụ {id}"),
            level: Level::Provincial,
            ip: false,
            field: "Nông nghiệp".into(),
            budget: 500_000_000,
            start: Some(d(2019, 3, 1)),
            end: Some(d(2020, 6, 30)),
            extended_end: None,
            proposed_on: Some(d(2018, 1, 5)),
            steps,
            councils: vec![],
        }
    }

    #[test]
    fn a_task_counts_by_its_stage_on_the_last_day() {
        let t = task(
            1,
            vec![
                step(d(2018, 6, 1), Stage::ListApproved),
                step(d(2019, 3, 1), Stage::Contracted),
                step(d(2019, 3, 1), Stage::InProgress),
                step(d(2020, 7, 20), Stage::OfficialAcceptance),
            ],
        );
        assert_eq!(t.stage_on(d(2018, 1, 4)), None, "not yet proposed");
        assert_eq!(t.stage_on(d(2018, 1, 5)), Some(Stage::Proposed));
        assert_eq!(t.stage_on(d(2019, 2, 28)), Some(Stage::ListApproved));
        assert_eq!(t.stage_on(d(2019, 3, 1)), Some(Stage::InProgress), "both steps of the day");
        let y2018 = Period::named(PeriodKind::Year, 2018, None).unwrap();
        let q1 = Period::named(PeriodKind::Quarter(1), 2020, None).unwrap();
        let q3 = Period::named(PeriodKind::Quarter(3), 2020, None).unwrap();
        let all = [t];
        assert!(task_figures(&all, &[], &y2018).provincial.is_empty(), "it starts in 2019");
        let f = task_figures(&all, &[], &q1);
        assert_eq!(f.provincial, vec![1]);
        assert!(f.overdue.is_empty(), "due 30/06/2020, not yet late at 31/03");
        let f = task_figures(&all, &[], &q3);
        assert!(f.provincial.is_empty(), "under acceptance by 30/09");
        assert_eq!(f.accepted, vec![1]);
        let h1 = Period::named(PeriodKind::SixMonths, 2020, None).unwrap();
        assert!(task_figures(&all, &[], &h1).overdue.is_empty(), "due on the last day is not late");
        let july = Period::new(d(2020, 7, 1), d(2020, 7, 10)).unwrap();
        assert_eq!(task_figures(&all, &[], &july).overdue, vec![1], "running after its end");
    }

    #[test]
    fn an_extension_moves_the_due_day_once_recorded() {
        let mut t = task(
            2,
            vec![
                step(d(2019, 3, 1), Stage::InProgress),
                TaskStep { date: d(2020, 8, 1), kind: EventKind::Extend, to: Stage::InProgress },
            ],
        );
        t.extended_end = Some(d(2020, 12, 31));
        let july = Period::new(d(2020, 7, 1), d(2020, 7, 31)).unwrap();
        assert_eq!(task_figures(std::slice::from_ref(&t), &[], &july).overdue, vec![2]);
        let aug = Period::new(d(2020, 8, 1), d(2020, 8, 31)).unwrap();
        let f = task_figures(&[t], &[], &aug);
        assert!(f.overdue.is_empty());
        assert_eq!(f.extended, vec![2]);
    }

    #[test]
    fn new_tasks_and_their_councils_accumulate_over_the_year() {
        let mut a = task(3, vec![step(d(2020, 1, 20), Stage::ListApproved), step(d(2020, 3, 2), Stage::Selection)]);
        a.start = Some(d(2020, 7, 1));
        a.councils = vec![(CouncilKind::Selection, d(2020, 3, 2)), (CouncilKind::Appraisal, d(2020, 8, 10))];
        let mut b = task(4, vec![step(d(2020, 5, 12), Stage::ListApproved)]);
        b.start = Some(d(2020, 9, 1));
        b.councils = vec![(CouncilKind::DirectAssignment, d(2020, 7, 1))];
        let mut ip = b.clone();
        ip.id = 5;
        ip.ip = true;
        let all = [a, b, ip];
        let q1 = task_figures(&all, &[], &Period::named(PeriodKind::Quarter(1), 2020, None).unwrap());
        assert_eq!((q1.new_tasks, q1.with_council), (vec![3], vec![3]), "the May list is not yet approved");
        let q3 = task_figures(&all, &[], &Period::named(PeriodKind::Quarter(3), 2020, None).unwrap());
        assert_eq!(q3.new_tasks, vec![3, 4]);
        assert_eq!(q3.with_council, vec![3, 4], "held since January");
        assert_eq!(q3.with_council_in_period, vec![4], "held in the quarter");
        assert_eq!((q3.appraised, q3.appraised_in_period), (vec![3], vec![3]));
        assert_eq!((q3.new_ip, q3.ip_with_council), (vec![5], vec![5]));
    }
}
