const { test } = require('jest');
