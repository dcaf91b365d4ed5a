-- The organisation as dated data (issue 29): a unit exists from a day to a
-- day, may belong to another, and names its successor when it closes; what
-- each unit keeps (kinds of record, and the fields of work the period report
-- has a part for) is a duty with its dates; a person belongs to a unit for a
-- time. What the program used to know of the 2020 department becomes these
-- rows, from the beginning; the department changes them (Quản trị → Đơn vị,
-- or `dost unit`) without a new release.
ALTER TABLE units ADD COLUMN parent_code TEXT;
ALTER TABLE units ADD COLUMN valid_from DATE NOT NULL DEFAULT '2000-01-01';
ALTER TABLE units ADD COLUMN valid_to DATE;
ALTER TABLE units ADD COLUMN successor_code TEXT;
-- kinds as Nghị định 150/2025 names them
UPDATE units SET kind = 'van_phong' WHERE code = 'VP';
UPDATE units SET kind = 'thanh_tra' WHERE code = 'TTRA';
UPDATE units SET kind = 'chi_cuc' WHERE code = 'TDC';
UPDATE units SET kind = 'quy' WHERE code = 'QUY';
UPDATE units SET kind = 'trung_tam' WHERE kind = 'truc_thuoc';
CREATE TABLE unit_duties (
    id          INTEGER PRIMARY KEY,
    unit_code   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    UNIQUE (unit_code, kind, valid_from)
);
INSERT INTO unit_duties (unit_code, kind, valid_from)
SELECT d.column1, d.column2, '2000-01-01' FROM (VALUES
    ('QLKH', 'nhiem-vu'),
    ('QLCN', 'nhiem-vu'),
    ('TDC', 'kiem-dinh'),
    ('VP', 'ho-so'),
    ('QLCN', 'ho-so'),
    ('TDC', 'ho-so'),
    ('VP', 'hoi-dap'),
    ('VP', 'gop-y'),
    ('QLKH', 'linh-vuc:khoa-hoc'),
    ('QLCN', 'linh-vuc:cong-nghe'),
    ('TDC', 'linh-vuc:tdc'),
    ('VP', 'linh-vuc:mot-cua'),
    ('TTRA', 'linh-vuc:thanh-tra'),
    ('KHTC', 'linh-vuc:ke-hoach'),
    ('TTUD', 'linh-vuc:ung-dung'),
    ('TTTT', 'linh-vuc:thong-tin'),
    ('QUY', 'linh-vuc:quy'),
    ('VP', 'so:quy-dinh'),
    ('QLKH', 'so:quy-dinh'),
    ('VP', 'so:thu-tuc'),
    ('VP', 'so:lich-cong-tac'),
    ('VP', 'so:van-ban'),
    ('VP', 'so:cong-khai'),
    ('VP', 'so:du-thao'),
    ('KHTC', 'so:du-thao'),
    ('QLKH', 'so:du-thao'),
    ('QLCN', 'so:du-thao'),
    ('TTRA', 'so:du-thao'),
    ('TDC', 'so:du-thao'),
    ('VP', 'so:gioi-thieu'),
    ('VP', 'so:lanh-dao-so'),
    ('VP', 'so:don-vi'),
    ('TDC', 'so:loai-phuong-tien'),
    ('TTUD', 'so:san-pham'),
    ('TTRA', 'so:kiem-tra'),
    ('TDC', 'so:kiem-tra'),
    ('KHTC', 'so:ke-hoach'),
    ('KHTC', 'so:ket-qua-chi-tieu'),
    ('QLKH', 'so:ket-qua-chi-tieu'),
    ('QLCN', 'so:ket-qua-chi-tieu'),
    ('TDC', 'so:ket-qua-chi-tieu'),
    ('TTUD', 'so:ket-qua-chi-tieu'),
    ('TTTT', 'so:ket-qua-chi-tieu'),
    ('QUY', 'so:ket-qua-chi-tieu'),
    ('TTRA', 'so:ket-qua-chi-tieu'),
    ('VP', 'so:ket-qua-chi-tieu'),
    ('TTUD', 'so:ban-hang'),
    ('TTUD', 'so:dich-vu'),
    ('TTTT', 'so:truyen-thong'),
    ('QUY', 'so:quy'),
    ('QUY', 'so:quy-giai-ngan'),
    ('KHTC', 'so:tham-muu')
) AS d WHERE EXISTS (SELECT 1 FROM units u WHERE u.code = d.column1);
CREATE TABLE unit_assignments (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    unit_code   TEXT NOT NULL,
    valid_from  DATE NOT NULL,
    valid_to    DATE
);
CREATE INDEX unit_assignments_user ON unit_assignments (user_id, valid_from);
INSERT INTO unit_assignments (user_id, unit_code, valid_from)
SELECT u.id, n.code, '2000-01-01' FROM users u JOIN units n ON n.id = u.unit_id;
-- who was where when: the unit of whoever made a change, as it was then
ALTER TABLE audit_log ADD COLUMN unit TEXT NOT NULL DEFAULT '';
