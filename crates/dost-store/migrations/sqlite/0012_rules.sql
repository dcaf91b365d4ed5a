-- Rules as the law writes them: a calendar that knows swapped working
-- Saturdays, procedures whose time runs in calendar days, the department's
-- own dated rule versions (the national ones ship with the code), the kind
-- of each verification and the verifier, task fields by code.

ALTER TABLE holidays ADD COLUMN working BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE procedures ADD COLUMN calendar_days BOOLEAN NOT NULL DEFAULT FALSE;

-- The department's own versions of legal parameters (the national versions
-- ship with the code, dost_domain::rules::shipped): a province's regulation
-- for provincial tasks, a new law before the code knows it.
CREATE TABLE rule_versions (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL,
    scope          TEXT NOT NULL,
    effective_from DATE NOT NULL,
    value          TEXT NOT NULL,
    basis          TEXT NOT NULL,
    UNIQUE (key, scope, effective_from)
);

-- Vietnam's days off 2019–2027 with their sources (crates/dost-domain/data/holidays.tsv);
-- a weekend day worked in exchange for a swapped day off has working = TRUE.
ALTER TABLE holidays ADD COLUMN source TEXT NOT NULL DEFAULT '';
INSERT INTO holidays (day, name, working, source) VALUES
    ('2018-12-31', 'Nghỉ hoán đổi dịp Tết Dương lịch 2019 (làm bù thứ Bảy 5/1/2019)', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-01-01', 'Tết Dương lịch', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-01-05', 'Làm bù cho ngày nghỉ hoán đổi 31/12/2018', TRUE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-02-04', 'Tết Nguyên đán Kỷ Hợi (30 tháng Chạp)', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-02-05', 'Tết Nguyên đán Kỷ Hợi (mùng 1)', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-02-06', 'Tết Nguyên đán Kỷ Hợi (mùng 2)', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-02-07', 'Tết Nguyên đán Kỷ Hợi (mùng 3)', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-02-08', 'Nghỉ bù Tết Nguyên đán Kỷ Hợi (29 Chạp trùng Chủ nhật 3/2)', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-04-15', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Kỷ Hợi trùng Chủ nhật 14/4)', FALSE, 'Bộ luật Lao động 2012, Điều 115 khoản 3 (nghỉ bù ngày kế tiếp)'),
    ('2019-04-29', 'Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 4/5/2019)', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-04-30', 'Ngày Chiến thắng', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-05-01', 'Ngày Quốc tế Lao động', FALSE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-05-04', 'Làm bù cho ngày nghỉ hoán đổi 29/4', TRUE, 'Thông báo 3238/TB-LĐTBXH (Bộ LĐTBXH, 2018; theo baonghean.vn 11/9/2018, tienphong.vn)'),
    ('2019-09-02', 'Quốc khánh', FALSE, 'Bộ luật Lao động 2012, Điều 115 khoản 1'),
    ('2020-01-01', 'Tết Dương lịch', FALSE, 'Bộ luật Lao động 2012, Điều 115 khoản 1'),
    ('2020-01-23', 'Tết Nguyên đán Canh Tý (29 tháng Chạp)', FALSE, 'Thông báo 4544/TB-LĐTBXH ngày 25/10/2019 (số hiệu theo báo chí, chưa đối chiếu bản gốc)'),
    ('2020-01-24', 'Tết Nguyên đán Canh Tý (30 tháng Chạp)', FALSE, 'Thông báo 4544/TB-LĐTBXH ngày 25/10/2019 (số hiệu theo báo chí, chưa đối chiếu bản gốc)'),
    ('2020-01-27', 'Tết Nguyên đán Canh Tý (mùng 3)', FALSE, 'Thông báo 4544/TB-LĐTBXH ngày 25/10/2019 (số hiệu theo báo chí, chưa đối chiếu bản gốc)'),
    ('2020-01-28', 'Nghỉ bù Tết Nguyên đán Canh Tý (mùng 1 trùng thứ Bảy)', FALSE, 'Thông báo 4544/TB-LĐTBXH ngày 25/10/2019 (số hiệu theo báo chí, chưa đối chiếu bản gốc)'),
    ('2020-01-29', 'Nghỉ bù Tết Nguyên đán Canh Tý (mùng 2 trùng Chủ nhật)', FALSE, 'Thông báo 4544/TB-LĐTBXH ngày 25/10/2019 (số hiệu theo báo chí, chưa đối chiếu bản gốc)'),
    ('2020-04-02', 'Giỗ Tổ Hùng Vương', FALSE, 'Bộ luật Lao động 2012, Điều 115 khoản 1'),
    ('2020-04-30', 'Ngày Chiến thắng', FALSE, 'Bộ luật Lao động 2012, Điều 115 khoản 1'),
    ('2020-05-01', 'Ngày Quốc tế Lao động', FALSE, 'Bộ luật Lao động 2012, Điều 115 khoản 1'),
    ('2020-09-02', 'Quốc khánh', FALSE, 'Bộ luật Lao động 2012, Điều 115 khoản 1'),
    ('2021-01-01', 'Tết Dương lịch', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2021-02-10', 'Tết Nguyên đán Tân Sửu (29 tháng Chạp)', FALSE, 'Thông báo 4875/TB-LĐTBXH (12/2020; theo cand.com.vn 11/12/2020)'),
    ('2021-02-11', 'Tết Nguyên đán Tân Sửu (30 tháng Chạp)', FALSE, 'Thông báo 4875/TB-LĐTBXH (12/2020; theo cand.com.vn 11/12/2020)'),
    ('2021-02-12', 'Tết Nguyên đán Tân Sửu (mùng 1)', FALSE, 'Thông báo 4875/TB-LĐTBXH (12/2020; theo cand.com.vn 11/12/2020)'),
    ('2021-02-15', 'Nghỉ bù Tết Nguyên đán Tân Sửu (mùng 2 trùng thứ Bảy)', FALSE, 'Thông báo 4875/TB-LĐTBXH (12/2020; theo cand.com.vn 11/12/2020)'),
    ('2021-02-16', 'Nghỉ bù Tết Nguyên đán Tân Sửu (mùng 3 trùng Chủ nhật)', FALSE, 'Thông báo 4875/TB-LĐTBXH (12/2020; theo cand.com.vn 11/12/2020)'),
    ('2021-04-21', 'Giỗ Tổ Hùng Vương', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2021-04-30', 'Ngày Chiến thắng', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2021-05-03', 'Nghỉ bù Ngày Quốc tế Lao động (1/5 trùng thứ Bảy)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2021-09-02', 'Quốc khánh', FALSE, 'Thông báo 4875/TB-LĐTBXH (12/2020; theo cand.com.vn 11/12/2020)'),
    ('2021-09-03', 'Quốc khánh (ngày liền sau)', FALSE, 'Thông báo 4875/TB-LĐTBXH (12/2020; theo cand.com.vn 11/12/2020)'),
    ('2022-01-03', 'Nghỉ bù Tết Dương lịch (1/1 trùng thứ Bảy)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2022-01-31', 'Tết Nguyên đán Nhâm Dần (29 tháng Chạp)', FALSE, 'Công văn 245/VPCP-KGVX ngày 11/01/2022 (ý kiến PTTg Vũ Đức Đam); thông báo Bộ LĐTBXH kèm theo (một nguồn thứ ba ghi 119/TB-LĐTBXH – chưa xác minh)'),
    ('2022-02-01', 'Tết Nguyên đán Nhâm Dần (mùng 1)', FALSE, 'Công văn 245/VPCP-KGVX ngày 11/01/2022 (ý kiến PTTg Vũ Đức Đam); thông báo Bộ LĐTBXH kèm theo (một nguồn thứ ba ghi 119/TB-LĐTBXH – chưa xác minh)'),
    ('2022-02-02', 'Tết Nguyên đán Nhâm Dần (mùng 2)', FALSE, 'Công văn 245/VPCP-KGVX ngày 11/01/2022 (ý kiến PTTg Vũ Đức Đam); thông báo Bộ LĐTBXH kèm theo (một nguồn thứ ba ghi 119/TB-LĐTBXH – chưa xác minh)'),
    ('2022-02-03', 'Tết Nguyên đán Nhâm Dần (mùng 3)', FALSE, 'Công văn 245/VPCP-KGVX ngày 11/01/2022 (ý kiến PTTg Vũ Đức Đam); thông báo Bộ LĐTBXH kèm theo (một nguồn thứ ba ghi 119/TB-LĐTBXH – chưa xác minh)'),
    ('2022-02-04', 'Tết Nguyên đán Nhâm Dần (mùng 4)', FALSE, 'Công văn 245/VPCP-KGVX ngày 11/01/2022 (ý kiến PTTg Vũ Đức Đam); thông báo Bộ LĐTBXH kèm theo (một nguồn thứ ba ghi 119/TB-LĐTBXH – chưa xác minh)'),
    ('2022-04-11', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Nhâm Dần trùng Chủ nhật 10/4)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2022-05-02', 'Nghỉ bù Ngày Chiến thắng (30/4 trùng thứ Bảy)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2022-05-03', 'Nghỉ bù Ngày Quốc tế Lao động (1/5 trùng Chủ nhật)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2022-09-01', 'Quốc khánh (ngày liền trước)', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ; ngày liền kề (1/9) theo thông báo của Bộ LĐTBXH – số hiệu chưa xác minh'),
    ('2022-09-02', 'Quốc khánh', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2023-01-02', 'Nghỉ bù Tết Dương lịch (1/1 trùng Chủ nhật)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2023-01-20', 'Tết Nguyên đán Quý Mão (29 tháng Chạp)', FALSE, 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh 2023 (một nguồn thứ ba ghi 5034/TB-LĐTBXH – chưa xác minh)'),
    ('2023-01-23', 'Tết Nguyên đán Quý Mão (mùng 2)', FALSE, 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh 2023 (một nguồn thứ ba ghi 5034/TB-LĐTBXH – chưa xác minh)'),
    ('2023-01-24', 'Tết Nguyên đán Quý Mão (mùng 3)', FALSE, 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh 2023 (một nguồn thứ ba ghi 5034/TB-LĐTBXH – chưa xác minh)'),
    ('2023-01-25', 'Nghỉ bù Tết Nguyên đán Quý Mão (30 Chạp trùng thứ Bảy)', FALSE, 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh 2023 (một nguồn thứ ba ghi 5034/TB-LĐTBXH – chưa xác minh)'),
    ('2023-01-26', 'Nghỉ bù Tết Nguyên đán Quý Mão (mùng 1 trùng Chủ nhật)', FALSE, 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh 2023 (một nguồn thứ ba ghi 5034/TB-LĐTBXH – chưa xác minh)'),
    ('2023-05-01', 'Ngày Quốc tế Lao động', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2023-05-02', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Quý Mão trùng thứ Bảy 29/4)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2023-05-03', 'Nghỉ bù Ngày Chiến thắng (30/4 trùng Chủ nhật)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2023-09-01', 'Quốc khánh (ngày liền trước)', FALSE, 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh 2023 (một nguồn thứ ba ghi 5034/TB-LĐTBXH – chưa xác minh)'),
    ('2023-09-04', 'Nghỉ bù Quốc khánh (2/9 trùng thứ Bảy)', FALSE, 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh 2023 (một nguồn thứ ba ghi 5034/TB-LĐTBXH – chưa xác minh)'),
    ('2024-01-01', 'Tết Dương lịch', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2024-02-08', 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', FALSE, 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023'),
    ('2024-02-09', 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)', FALSE, 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023'),
    ('2024-02-12', 'Tết Nguyên đán Giáp Thìn (mùng 3)', FALSE, 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023'),
    ('2024-02-13', 'Nghỉ bù Tết Nguyên đán Giáp Thìn (mùng 1 trùng thứ Bảy)', FALSE, 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023'),
    ('2024-02-14', 'Nghỉ bù Tết Nguyên đán Giáp Thìn (mùng 2 trùng Chủ nhật)', FALSE, 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023'),
    ('2024-04-18', 'Giỗ Tổ Hùng Vương', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2024-04-29', 'Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 4/5/2024)', FALSE, 'Công văn 2450/VPCP-KGVX ngày 12/4/2024 (Thủ tướng đồng ý hoán đổi); thông báo Bộ LĐTBXH kèm theo (một nguồn thứ ba ghi 1570/TB-LĐTBXH – chưa xác minh)'),
    ('2024-04-30', 'Ngày Chiến thắng', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2024-05-01', 'Ngày Quốc tế Lao động', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2024-05-04', 'Làm bù cho ngày nghỉ hoán đổi 29/4', TRUE, 'Công văn 2450/VPCP-KGVX ngày 12/4/2024 (Thủ tướng đồng ý hoán đổi); thông báo Bộ LĐTBXH kèm theo (một nguồn thứ ba ghi 1570/TB-LĐTBXH – chưa xác minh)'),
    ('2024-09-02', 'Quốc khánh', FALSE, 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023'),
    ('2024-09-03', 'Quốc khánh (ngày liền sau)', FALSE, 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023'),
    ('2025-01-01', 'Tết Dương lịch', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2025-01-27', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', FALSE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (số hiệu theo một nguồn thứ ba – chưa xác minh)'),
    ('2025-01-28', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', FALSE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (số hiệu theo một nguồn thứ ba – chưa xác minh)'),
    ('2025-01-29', 'Tết Nguyên đán Ất Tỵ (mùng 1)', FALSE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (số hiệu theo một nguồn thứ ba – chưa xác minh)'),
    ('2025-01-30', 'Tết Nguyên đán Ất Tỵ (mùng 2)', FALSE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (số hiệu theo một nguồn thứ ba – chưa xác minh)'),
    ('2025-01-31', 'Tết Nguyên đán Ất Tỵ (mùng 3)', FALSE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (số hiệu theo một nguồn thứ ba – chưa xác minh)'),
    ('2025-04-07', 'Giỗ Tổ Hùng Vương', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2025-04-26', 'Làm bù cho ngày nghỉ hoán đổi 2/5', TRUE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (số hiệu theo một nguồn thứ ba – chưa xác minh); vietnamplus.vn'),
    ('2025-04-30', 'Ngày Chiến thắng', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2025-05-01', 'Ngày Quốc tế Lao động', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2025-05-02', 'Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 26/4/2025)', FALSE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH (số hiệu theo một nguồn thứ ba – chưa xác minh); vietnamplus.vn'),
    ('2025-09-01', 'Quốc khánh (ngày liền trước)', FALSE, 'Công văn 8726/VPCP-KGVX ngày 26/11/2024; thông báo Bộ Nội vụ 8/2025 (vietnamnews.vn 04/8/2025)'),
    ('2025-09-02', 'Quốc khánh', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2026-01-01', 'Tết Dương lịch', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2026-01-02', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/1/2026)', FALSE, 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 (ý kiến PTTg Phạm Thị Thanh Trà)'),
    ('2026-01-10', 'Làm bù cho ngày nghỉ hoán đổi 2/1', TRUE, 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 (ý kiến PTTg Phạm Thị Thanh Trà)'),
    ('2026-02-16', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', FALSE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-02-17', 'Tết Nguyên đán Bính Ngọ (mùng 1)', FALSE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-02-18', 'Tết Nguyên đán Bính Ngọ (mùng 2)', FALSE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-02-19', 'Tết Nguyên đán Bính Ngọ (mùng 3)', FALSE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-02-20', 'Tết Nguyên đán Bính Ngọ (mùng 4)', FALSE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Bính Ngọ trùng Chủ nhật 26/4)', FALSE, 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)'),
    ('2026-04-30', 'Ngày Chiến thắng', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2026-05-01', 'Ngày Quốc tế Lao động', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2026-08-22', 'Làm bù cho ngày nghỉ hoán đổi 31/8', TRUE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-08-31', 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)', FALSE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-09-01', 'Quốc khánh (ngày liền trước)', FALSE, 'Văn bản VPCP truyền đạt ý kiến Thủ tướng (~13/10/2025; số hiệu chưa xác minh – một nguồn thứ ba ghi Thông báo 9441/TB-BNV)'),
    ('2026-09-02', 'Quốc khánh', FALSE, 'Bộ luật Lao động 2019, Điều 112 khoản 1'),
    ('2027-01-01', 'Tết Dương lịch', FALSE, 'chưa công bố; theo Bộ luật Lao động 2019, Điều 112'),
    ('2027-02-04', 'Tết Nguyên đán Đinh Mùi (28 tháng Chạp) – dự kiến', FALSE, 'chưa công bố – DỰ KIẾN theo tiền lệ (2 ngày trước + 3 ngày sau Tết, nghỉ bù theo Điều 111 khoản 3); Bộ luật Lao động 2019, Điều 112'),
    ('2027-02-05', 'Tết Nguyên đán Đinh Mùi (29 tháng Chạp) – dự kiến', FALSE, 'chưa công bố – DỰ KIẾN theo tiền lệ (2 ngày trước + 3 ngày sau Tết, nghỉ bù theo Điều 111 khoản 3); Bộ luật Lao động 2019, Điều 112'),
    ('2027-02-08', 'Tết Nguyên đán Đinh Mùi (mùng 3) – dự kiến', FALSE, 'chưa công bố – DỰ KIẾN theo tiền lệ (2 ngày trước + 3 ngày sau Tết, nghỉ bù theo Điều 111 khoản 3); Bộ luật Lao động 2019, Điều 112'),
    ('2027-02-09', 'Nghỉ bù Tết Nguyên đán Đinh Mùi (mùng 1 trùng thứ Bảy) – dự kiến', FALSE, 'chưa công bố – DỰ KIẾN theo tiền lệ (2 ngày trước + 3 ngày sau Tết, nghỉ bù theo Điều 111 khoản 3); Bộ luật Lao động 2019, Điều 112'),
    ('2027-02-10', 'Nghỉ bù Tết Nguyên đán Đinh Mùi (mùng 2 trùng Chủ nhật) – dự kiến', FALSE, 'chưa công bố – DỰ KIẾN theo tiền lệ (2 ngày trước + 3 ngày sau Tết, nghỉ bù theo Điều 111 khoản 3); Bộ luật Lao động 2019, Điều 112'),
    ('2027-04-16', 'Giỗ Tổ Hùng Vương', FALSE, 'chưa công bố; theo Bộ luật Lao động 2019, Điều 112'),
    ('2027-04-30', 'Ngày Chiến thắng', FALSE, 'chưa công bố; theo Bộ luật Lao động 2019, Điều 112'),
    ('2027-05-03', 'Nghỉ bù Ngày Quốc tế Lao động (1/5 trùng thứ Bảy)', FALSE, 'chưa công bố; theo Bộ luật Lao động 2019, Điều 112 và Điều 111 khoản 3'),
    ('2027-09-02', 'Quốc khánh', FALSE, 'chưa công bố; theo Bộ luật Lao động 2019, Điều 112')
ON CONFLICT (day) DO NOTHING;

-- The verification cycles in force (Thông tư 23/2013/TT-BKHCN from 15/11/2013, Thông tư
-- 07/2019/TT-BKHCN from 01/01/2020, Thông tư 03/2024/TT-BKHCN from 15/10/2024) for the instrument
-- kinds whose cycle could be checked; a department adds the others (and earlier rules for older
-- history) at /quan-tri/kiem-dinh/chu-ky.
ALTER TABLE instrument_cycles ADD COLUMN basis TEXT NOT NULL DEFAULT '';
INSERT INTO instrument_types (code, name, field) VALUES
    ('tt_can_phan_tich', 'Cân phân tích', 'khoi_luong'),
    ('tt_can_ky_thuat', 'Cân kỹ thuật', 'khoi_luong'),
    ('tt_cot_do_xang_dau', 'Cột đo xăng dầu', 'dung_tich'),
    ('tt_dong_ho_nuoc_co', 'Đồng hồ nước lạnh cơ khí', 'dung_tich'),
    ('tt_dong_ho_nuoc_dien_tu', 'Đồng hồ nước lạnh có cơ cấu điện tử', 'dung_tich'),
    ('tt_taximet', 'Taximét', 'taximet'),
    ('tt_do_toc_do', 'Phương tiện đo kiểm tra tốc độ phương tiện giao thông', 'khac'),
    ('tt_sac_xe_may_dien', 'Thiết bị đo điện năng xoay chiều sạc pin xe đạp điện, xe máy điện', 'cong_to_dien'),
    ('tt_sac_o_to_ac', 'Thiết bị đo điện năng xoay chiều sạc pin ô tô điện', 'cong_to_dien'),
    ('tt_sac_o_to_dc', 'Thiết bị đo điện năng một chiều sạc pin ô tô điện', 'cong_to_dien')
ON CONFLICT (code) DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2013-11-15', 12, 'Thông tư 23/2013/TT-BKHCN (theo tài liệu thứ cấp; đối chiếu văn bản gốc)' FROM instrument_types WHERE code = 'tt_can_phan_tich' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2024-10-15', 12, 'Thông tư 03/2024/TT-BKHCN' FROM instrument_types WHERE code = 'tt_can_phan_tich' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2013-11-15', 12, 'Thông tư 23/2013/TT-BKHCN (theo tài liệu thứ cấp; đối chiếu văn bản gốc)' FROM instrument_types WHERE code = 'tt_can_ky_thuat' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2024-10-15', 12, 'Thông tư 03/2024/TT-BKHCN' FROM instrument_types WHERE code = 'tt_can_ky_thuat' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2013-11-15', 12, 'Thông tư 23/2013/TT-BKHCN' FROM instrument_types WHERE code = 'tt_cot_do_xang_dau' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2020-01-01', 12, 'Thông tư 07/2019/TT-BKHCN' FROM instrument_types WHERE code = 'tt_cot_do_xang_dau' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2013-11-15', 60, 'Thông tư 23/2013/TT-BKHCN' FROM instrument_types WHERE code = 'tt_dong_ho_nuoc_co' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2020-01-01', 60, 'Thông tư 07/2019/TT-BKHCN' FROM instrument_types WHERE code = 'tt_dong_ho_nuoc_co' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2013-11-15', 36, 'Thông tư 23/2013/TT-BKHCN' FROM instrument_types WHERE code = 'tt_dong_ho_nuoc_dien_tu' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2020-01-01', 36, 'Thông tư 07/2019/TT-BKHCN' FROM instrument_types WHERE code = 'tt_dong_ho_nuoc_dien_tu' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2024-10-15', 18, 'Thông tư 03/2024/TT-BKHCN' FROM instrument_types WHERE code = 'tt_taximet' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2013-11-15', 12, 'Thông tư 23/2013/TT-BKHCN (theo tài liệu thứ cấp; đối chiếu văn bản gốc)' FROM instrument_types WHERE code = 'tt_do_toc_do' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2024-10-15', 24, 'Thông tư 03/2024/TT-BKHCN' FROM instrument_types WHERE code = 'tt_do_toc_do' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2024-10-15', 60, 'Thông tư 03/2024/TT-BKHCN' FROM instrument_types WHERE code = 'tt_sac_xe_may_dien' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2024-10-15', 36, 'Thông tư 03/2024/TT-BKHCN' FROM instrument_types WHERE code = 'tt_sac_o_to_ac' ON CONFLICT DO NOTHING;
INSERT INTO instrument_cycles (type_id, effective_from, months, basis) SELECT id, '2024-10-15', 36, 'Thông tư 03/2024/TT-BKHCN' FROM instrument_types WHERE code = 'tt_sac_o_to_dc' ON CONFLICT DO NOTHING;

-- Verifications: the kind (initial, periodic, after repair) and the verifier's designation.
ALTER TABLE verifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'dinh_ky';
ALTER TABLE verifications ADD COLUMN designation TEXT NOT NULL DEFAULT '';

-- Settlement: the amount approved and the difference with what was paid
-- (positive: still to pay; negative: to recover).
ALTER TABLE task_contracts ADD COLUMN approved BIGINT;
ALTER TABLE task_contracts ADD COLUMN difference BIGINT;

-- A task's field as a code for the rules that depend on it (intellectual
-- property tasks are reported apart), not a comparison of labels.
ALTER TABLE tasks ADD COLUMN field_code TEXT NOT NULL DEFAULT '';
UPDATE tasks SET field_code = 'so_huu_tri_tue' WHERE lower(trim(field)) IN ('sở hữu trí tuệ', 'shtt');

-- Radiation procedures of a provincial department the catalogue lacked
-- (Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP). The time allowed
-- is the usual one of the provinces' published procedure sets: a department
-- checks it against its own set at /quan-tri/so/thu-tuc.
INSERT INTO procedures (code, name, area, working_days, with_money) VALUES
    ('bx_khai_bao', 'Khai báo thiết bị X-quang chẩn đoán trong y tế', 'buc_xa', 5, FALSE),
    ('bx_ung_pho_su_co', 'Phê duyệt kế hoạch ứng phó sự cố bức xạ cấp cơ sở (thiết bị X-quang chẩn đoán trong y tế)', 'buc_xa', 15, FALSE)
ON CONFLICT (code) DO NOTHING;
