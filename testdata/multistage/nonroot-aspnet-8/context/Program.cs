var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "shop");
app.Run();
