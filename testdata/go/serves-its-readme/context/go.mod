module example.com/docs-mcp

go 1.23
