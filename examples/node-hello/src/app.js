// A Node program with no dependencies from a registry.
console.log(`Hello from Node ${process.versions.node.split(".")[0]}, NODE_ENV=${process.env.NODE_ENV}, in ${process.cwd()}`);
