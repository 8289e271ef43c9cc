System.Console.WriteLine("kiosk");
