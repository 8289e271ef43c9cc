const pdf = require("html-pdf-node");

pdf.generatePdf({ content: "<h1>Invoice</h1>" }, { format: "A4" }).then((b) => process.stdout.write(b));
