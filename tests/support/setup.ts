// Preloaded by bunfig.toml for every test file.
process.env.APP_ENV ??= 'test';
