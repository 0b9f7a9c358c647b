// SuiteCloud CLI configuration: the repository root is the SDF project folder
// (manifest.xml, deploy.xml, Objects/, FileCabinet/ sit here beside package.json).
module.exports = {
	defaultProjectFolder: '.',
	commands: {},
};
