System.Console.WriteLine("feed");
