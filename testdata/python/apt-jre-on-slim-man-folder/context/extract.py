import tabula

tabula.convert_into("in.pdf", "out.csv", output_format="csv", pages="all")
