// The package's CommonJS entry: `require('eslint-plugin-stripe-idempotency')`
// returns the plugin itself rather than the ES module's namespace (Node 20.19+
// can require() ES modules).
import plugin from './index.js';

export = plugin;
