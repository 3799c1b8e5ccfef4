"use strict";
// Stand-in entry point: executing it is a failure of the plugin's safety promise.
throw new Error('stripe stand-in executed');
