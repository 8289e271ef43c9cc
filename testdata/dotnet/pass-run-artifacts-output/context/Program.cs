var app = WebApplication.Create(args);
app.MapGet("/", () => "up");
app.Run();
