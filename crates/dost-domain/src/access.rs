//! Who may do what, in one table. Every staff route, drill-down, export,
//! button and menu item asks [`may`]; nothing else decides access.
//!
//! The unit rule: a unit's staff and head read and record **the records their
//! unit keeps** — the kinds of record its duties name today (see
//! [`crate::organisation`]), and the records of the units it took over; unit
//! heads also read the **department-wide figures** (counts, the report's
//! parts of their unit); leaders read everything and administrators may do
//! everything. No unit is named here: who keeps what is the department's data.

use crate::roles::Role;

/// The person asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<'a> {
    pub user_id: i64,
    pub role: Role,
    /// The code of the person's unit today, if they belong to one that exists.
    pub unit: Option<&'a str>,
    /// The units whose records that unit holds today: itself and those it
    /// took over ([`crate::organisation::Organisation::continued_by`]).
    pub holds: &'a [String],
    /// The kinds of record that unit keeps today (its duties).
    pub keeps: &'a [String],
}

impl<'a> Actor<'a> {
    /// A person of `unit` (holding only its own records) who keeps `keeps`.
    pub fn of(user_id: i64, role: Role, unit: Option<&'a str>, holds: &'a [String], keeps: &'a [String]) -> Self {
        Self { user_id, role, unit, holds, keeps }
    }
}

/// Reading (pages, lists, exports, drill-downs) or changing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
}

/// What is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource<'a> {
    /// What every signed-in person has: the dashboard, their own password and
    /// two-factor sign-in, signing out.
    Own,
    /// Articles in the back office. Read: the article list (everyone sees
    /// their own); Write: writing articles.
    Articles,
    /// Every article whatever its author (reviewers, heads, editors, leaders).
    AllArticles,
    /// Changing any article in any state (a revision is kept).
    AnyArticle,
    /// Marking articles as featured on the home page.
    Featured,
    /// Categories and sidebar blocks.
    Site,
    /// The media library.
    Media,
    /// Accounts, roles, two-factor rules, workflow rules, holidays.
    Accounts,
    /// The audit log.
    AuditLog,
    /// Visitor statistics and their export.
    Statistics,
    /// Department-wide figures: the leadership dashboard, the period report
    /// (the parts of one's unit), plan progress, what falls due. Write: the
    /// department-wide text of the report.
    Figures,
    /// What is written from the period report: its text (leaders the
    /// department's, unit heads their unit's), its news version and its
    /// disclosure (each also checked against the articles or the register it
    /// writes into). Read: as `Figures`.
    ReportWrites,
    /// Leaders' directives. Read: the list (filtered by unit); Write: giving one.
    Directives,
    /// S&T tasks as a whole. Read: the list (filtered by unit); Write: recording a new task.
    Tasks,
    /// Withdrawing a step recorded by mistake (the unit head; the task's own
    /// unit is checked with the task).
    TaskCorrections,
    /// What the public sends: Read: the lists of comments and questions;
    /// Write: moderating comments on drafts, routing or refusing questions
    /// (the office and the editors).
    Participation,
    /// Approving an answer to a question, which publishes it (leaders and editors).
    Answers,
    /// The contact details (e-mail, phone) of people who comment on drafts or
    /// ask questions: only those who moderate what the public sends or
    /// publish the answers (which are e-mailed by the system; a unit a
    /// question is routed to reads the question, not the contact).
    PublicContacts,
    /// Approving a record of a content register for the portal (a legal
    /// document, a disclosure, a draft, a schedule entry): the head of a unit
    /// that keeps it, leaders and editors.
    Publish(&'a [&'a str]),
    /// Records of one of these units: one task, directive, draft (its unit;
    /// a successor holds its predecessor's).
    Records(&'a [&'a str]),
    /// The records of a kind (`kiem-dinh`, `ho-so`, `so:van-ban`…): read by
    /// leaders and the units keeping the kind today, recorded by the latter.
    Keeps(&'a str),
}

/// The kind of record whose keepers read a table's records (the drill-down
/// catalogue's rule: a figure's records may be opened by whoever may read
/// that kind). `None`: public information (the portal's posts), open to
/// whoever reads the figures.
pub fn kind_of_table(table: &str) -> Option<String> {
    use crate::organisation::{DOSSIERS, TASKS, VERIFICATIONS, register_kind};
    match table {
        "verifications" | "instruments" => Some(VERIFICATIONS.into()),
        "dossiers" => Some(DOSSIERS.into()),
        "tasks" | "councils" | "task_inspections" | "task_contracts" => Some(TASKS.into()),
        "articles" | "videos" => None,
        other => Some(
            crate::registers::REGISTERS
                .iter()
                .find(|r| r.table == other)
                .map(|r| register_kind(r.slug))
                .unwrap_or_else(|| format!("bang:{other}")),
        ),
    }
}

/// The access table.
pub fn may(actor: &Actor<'_>, action: Action, resource: Resource<'_>) -> bool {
    use Action::*;
    use Resource::*;
    use Role::*;
    let role = actor.role;
    if role == Administrator {
        return true;
    }
    let unit_staff = matches!(role, UnitHead | UnitStaff) && actor.unit.is_some();
    let own_unit = |keepers: &[&str]| actor.holds.iter().any(|u| keepers.contains(&u.as_str()));
    let keeps = |kind: &str| actor.keeps.iter().any(|k| k == kind);
    use crate::organisation::{COMMENTS, QUESTIONS, TASKS};
    match (resource, action) {
        (Own, _) => true,
        (Articles, Read) => true,
        (Articles, Write) => matches!(role, Leadership | UnitHead | UnitStaff | Editor),
        (AllArticles, _) => matches!(role, Leadership | UnitHead | Editor | Reviewer),
        (AnyArticle, _) => role == Editor,
        (Featured, _) => matches!(role, Editor | Leadership),
        (Site | Media, _) => role == Editor,
        (Accounts, _) => false,
        (AuditLog, Read) => role == Leadership,
        (AuditLog, Write) => false,
        (Statistics, Read) => matches!(role, Leadership | UnitHead | Editor),
        (Statistics, Write) => false,
        (Figures, Read) => matches!(role, Leadership | UnitHead),
        (Figures, Write) => role == Leadership,
        (ReportWrites, _) => matches!(role, Leadership | UnitHead),
        (Directives, Read) => matches!(role, Leadership | UnitHead | UnitStaff),
        (Directives, Write) => role == Leadership,
        (Tasks, Read) => matches!(role, Leadership | UnitHead | UnitStaff),
        (Tasks, Write) => unit_staff && keeps(TASKS),
        (TaskCorrections, Read) => false,
        (TaskCorrections, Write) => role == UnitHead && keeps(TASKS),
        (Participation, Read) => matches!(role, Leadership | Editor | Reviewer) || unit_staff,
        (Participation, Write) => role == Editor || (unit_staff && (keeps(QUESTIONS) || keeps(COMMENTS))),
        (Answers, Read) => matches!(role, Leadership | Editor),
        (Answers, Write) => matches!(role, Leadership | Editor),
        (PublicContacts, Read) => {
            matches!(role, Leadership | Editor) || (unit_staff && (keeps(QUESTIONS) || keeps(COMMENTS)))
        }
        (PublicContacts, Write) => false,
        (Publish(_), Read) => matches!(role, Leadership | Editor | UnitHead),
        (Publish(keepers), Write) => matches!(role, Leadership | Editor) || (role == UnitHead && own_unit(keepers)),
        (Records(keepers), Read) => role == Leadership || (unit_staff && own_unit(keepers)),
        (Records(keepers), Write) => unit_staff && own_unit(keepers),
        (Keeps(kind), Read) => role == Leadership || (unit_staff && keeps(kind)),
        (Keeps(kind), Write) => unit_staff && keeps(kind),
    }
}

/// Whether the person sees every unit's records (leaders, administrators)
/// rather than their own unit's.
pub fn sees_all_units(actor: &Actor<'_>) -> bool {
    matches!(actor.role, Role::Administrator | Role::Leadership)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::organisation::{COMMENTS, QUESTIONS, TASKS, VERIFICATIONS};

    /// A person of `unit` keeping what the 2020 department's unit kept.
    fn a(role: Role, unit: Option<&'static str>) -> Actor<'static> {
        fn leak(v: Vec<String>) -> &'static [String] {
            Box::leak(v.into_boxed_slice())
        }
        let keeps: Vec<&str> = match unit {
            Some("TDC") => vec![VERIFICATIONS],
            Some("QLKH") => vec![TASKS],
            Some("VP") => vec![QUESTIONS, COMMENTS],
            _ => vec![],
        };
        let holds = leak(unit.into_iter().map(str::to_string).collect());
        Actor { user_id: 1, role, unit, holds, keeps: leak(keeps.into_iter().map(str::to_string).collect()) }
    }

    #[test]
    fn administrators_may_everything_and_everyone_has_their_own_pages() {
        for r in [Resource::Accounts, Resource::Records(&["TDC"]), Resource::Keeps(VERIFICATIONS), Resource::Figures] {
            assert!(may(&a(Role::Administrator, None), Action::Write, r));
        }
        for role in Role::ALL {
            assert!(may(&a(role, None), Action::Write, Resource::Own));
        }
        assert!(!may(&a(Role::Leadership, None), Action::Read, Resource::Accounts));
    }

    #[test]
    fn units_read_and_record_their_own_records_only() {
        let tdc_staff = a(Role::UnitStaff, Some("TDC"));
        let tdc = Resource::Keeps(VERIFICATIONS);
        assert!(may(&tdc_staff, Action::Read, tdc) && may(&tdc_staff, Action::Write, tdc));
        let qlkh_head = a(Role::UnitHead, Some("QLKH"));
        assert!(!may(&qlkh_head, Action::Read, tdc) && !may(&qlkh_head, Action::Write, tdc));
        // …but a head reads the department-wide figures
        assert!(may(&qlkh_head, Action::Read, Resource::Figures));
        assert!(!may(&tdc_staff, Action::Read, Resource::Figures));
        // leaders read every unit's records, and record none
        let leader = a(Role::Leadership, None);
        assert!(may(&leader, Action::Read, tdc) && !may(&leader, Action::Write, tdc));
        // someone without a unit records nothing
        assert!(!may(&a(Role::UnitStaff, None), Action::Write, tdc));
        assert!(!may(&a(Role::UnitStaff, None), Action::Write, Resource::Tasks));
    }

    #[test]
    fn every_table_of_a_figure_has_its_kind() {
        assert_eq!(kind_of_table("verifications").as_deref(), Some(VERIFICATIONS));
        assert_eq!(kind_of_table("sales").as_deref(), Some("so:ban-hang"));
        assert_eq!(kind_of_table("inspections").as_deref(), Some("so:kiem-tra"));
        assert_eq!(kind_of_table("articles"), None);
        // an unknown table is kept by nobody: only leaders read it
        let t = kind_of_table("secret").unwrap();
        assert!(!may(&a(Role::UnitHead, Some("VP")), Action::Read, Resource::Keeps(&t)));
        assert!(may(&a(Role::Leadership, None), Action::Read, Resource::Keeps(&t)));
    }

    #[test]
    fn a_successor_holds_the_records_of_the_unit_it_took_over() {
        let holds = ["B".to_string(), "A".to_string()];
        let b = Actor { user_id: 1, role: Role::UnitStaff, unit: Some("B"), holds: &holds, keeps: &[] };
        assert!(may(&b, Action::Write, Resource::Records(&["A"])), "A closed, B continues its records");
        let alone = ["A".to_string()];
        let a_staff = Actor { user_id: 2, role: Role::UnitStaff, unit: None, holds: &alone, keeps: &[] };
        assert!(!may(&a_staff, Action::Write, Resource::Records(&["A"])), "a closed unit's staff records nothing");
    }

    #[test]
    fn the_office_moderates_units_answer_leaders_and_editors_publish() {
        let office = a(Role::UnitStaff, Some("VP"));
        let qlkh = a(Role::UnitStaff, Some("QLKH"));
        assert!(may(&office, Action::Write, Resource::Participation));
        assert!(
            !may(&qlkh, Action::Write, Resource::Participation) && may(&qlkh, Action::Read, Resource::Participation)
        );
        assert!(may(&a(Role::Editor, None), Action::Write, Resource::Answers));
        assert!(may(&a(Role::Leadership, None), Action::Write, Resource::Answers));
        assert!(!may(&office, Action::Write, Resource::Answers));
        // who sees commenters' and askers' e-mail addresses
        assert!(may(&office, Action::Read, Resource::PublicContacts));
        assert!(!may(&qlkh, Action::Read, Resource::PublicContacts), "a routed unit reads the question only");
        assert!(!may(&a(Role::Reviewer, None), Action::Read, Resource::PublicContacts));
    }

    #[test]
    fn articles_and_the_site() {
        assert!(may(&a(Role::Editor, None), Action::Write, Resource::AnyArticle));
        assert!(!may(&a(Role::UnitHead, Some("VP")), Action::Write, Resource::AnyArticle));
        assert!(may(&a(Role::Leadership, None), Action::Write, Resource::Featured));
        assert!(!may(&a(Role::UnitHead, Some("VP")), Action::Write, Resource::Featured));
        assert!(!may(&a(Role::Reviewer, None), Action::Write, Resource::Articles));
        assert!(may(&a(Role::Reviewer, None), Action::Read, Resource::AllArticles));
        assert!(!may(&a(Role::UnitStaff, Some("VP")), Action::Read, Resource::AllArticles));
        assert!(may(&a(Role::Editor, None), Action::Write, Resource::Media));
        assert!(!may(&a(Role::Leadership, None), Action::Write, Resource::Site));
    }
}
