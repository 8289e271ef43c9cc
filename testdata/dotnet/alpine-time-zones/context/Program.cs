var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
Console.WriteLine(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, berlin).ToString("f", new System.Globalization.CultureInfo("de-DE")));
