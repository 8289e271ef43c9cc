const { execSync, spawn } = require('child_process');
execSync('ffmpeg -y -i in.mp4 -frames:v 1 thumb.png');
spawn('git', ['pull']);
