import git

git.Repo.clone_from("https://example.com/repo.git", "/tmp/repo")
