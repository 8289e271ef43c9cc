module booking

go 1.21

require github.com/revel/revel v1.1.0
