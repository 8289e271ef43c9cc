export function serve(dir: string) { console.log("serving", dir); }
