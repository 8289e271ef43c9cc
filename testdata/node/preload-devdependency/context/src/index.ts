import nodemailer from "nodemailer";
console.log(process.env.SMTP_HOST, typeof nodemailer);
