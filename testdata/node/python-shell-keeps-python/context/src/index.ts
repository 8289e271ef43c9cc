import { PythonShell } from "python-shell";
