CREATE TABLE snippets (id serial);
