-- Nothing to change: GIN keeps no positions and answers any beginning
-- (SQLite's index of whole texts was made again in this step).
SELECT 1;
