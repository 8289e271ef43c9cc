System.Console.WriteLine("relay");
