-- The word index of whole texts, made again smaller and with one-letter
-- beginnings: the search asks it only which articles hold a word (whole or as
-- a beginning), never where, so it keeps no positions (`detail = none`: no
-- phrase queries on it; phrases are asked of the titles' index); and a word
-- being typed ("chuyen doi s") is read off a prefix index from its first
-- letter instead of merging every word that starts so (0,2 s at 100.000
-- articles, 10 ms with the index).
DROP TABLE article_words;
CREATE VIRTUAL TABLE article_words USING fts5(
    words, content = '', contentless_delete = 1, detail = none, prefix = '1 2 3',
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO article_words (rowid, words) SELECT id, search_text FROM articles;

-- Where each word stands in titles (whether typed words stand together is
-- worked out from it), read off the titles' index.
CREATE VIRTUAL TABLE article_title_words_instances USING fts5vocab(article_title_words, instance);
