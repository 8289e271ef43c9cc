const { simpleGit } = require("simple-git");

simpleGit().clone("https://example.com/repo.git", "/tmp/repo");
