-- Figures true as of their period: the day a task was proposed (before its
-- first step), the day a directive was done, and typed plan results with the
-- day they were reported (a report takes the latest on or before its end).

ALTER TABLE tasks ADD COLUMN proposed_on DATE;
UPDATE tasks SET proposed_on = (SELECT MIN(e.event_date) FROM task_events e WHERE e.task_id = tasks.id);
UPDATE tasks SET proposed_on = date(created_at, 'unixepoch', '+7 hours') WHERE proposed_on IS NULL;

-- Directives already done: the day is unknown; their deadline (or the
-- meeting) is the best record of it.
ALTER TABLE directives ADD COLUMN done_on DATE;
UPDATE directives SET done_on = COALESCE(deadline, meeting_date) WHERE status = 'xong';

CREATE TABLE plan_results (
    id           INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES plan_indicators(id) ON DELETE CASCADE,
    reported_on  DATE NOT NULL,
    achieved     BIGINT NOT NULL CHECK (achieved >= 0),
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (indicator_id, reported_on)
);
CREATE INDEX plan_results_day ON plan_results (reported_on);
-- Results typed before they had a date count from the end of their year.
INSERT INTO plan_results (indicator_id, reported_on, achieved, note)
    SELECT id, date(year || '-12-31'), achieved, 'Kết quả ghi trước khi có ngày báo cáo'
    FROM plan_indicators WHERE achieved IS NOT NULL AND achieved >= 0;

-- A unit's own report: its symbol in "Số: …/BC-CCTĐC" and its head's title.
ALTER TABLE units ADD COLUMN symbol TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN head_title TEXT NOT NULL DEFAULT '';
UPDATE units SET symbol = 'VP', head_title = 'CHÁNH VĂN PHÒNG' WHERE code = 'VP';
UPDATE units SET symbol = 'KHTC', head_title = 'TRƯỞNG PHÒNG' WHERE code = 'KHTC';
UPDATE units SET symbol = 'QLKH', head_title = 'TRƯỞNG PHÒNG' WHERE code = 'QLKH';
UPDATE units SET symbol = 'QLCN', head_title = 'TRƯỞNG PHÒNG' WHERE code = 'QLCN';
UPDATE units SET symbol = 'TTr', head_title = 'CHÁNH THANH TRA' WHERE code = 'TTRA';
UPDATE units SET symbol = 'CCTĐC', head_title = 'CHI CỤC TRƯỞNG' WHERE code = 'TDC';
UPDATE units SET symbol = 'TTUD', head_title = 'GIÁM ĐỐC' WHERE code = 'TTUD';
UPDATE units SET symbol = 'TTTT', head_title = 'GIÁM ĐỐC' WHERE code = 'TTTT';
UPDATE units SET symbol = 'QPTKHCN', head_title = 'GIÁM ĐỐC' WHERE code = 'QUY';
