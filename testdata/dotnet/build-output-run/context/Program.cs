var app = WebApplication.Create(args);
app.UseStaticFiles();
app.MapGet("/todos", () => new[] { "write tests" });
app.Run();
