module example.com/adder

go 1.22

require example.com/cadd v0.0.0

replace example.com/cadd => ./cadd
