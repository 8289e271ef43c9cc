module example.com/typer

go 1.22
