"use strict";
// Stand-in: executing this file is a failure of the plugin's safety promise.
throw new Error('stripe stand-in executed');
// Unreachable: present only so the verb table can read the methods as text.
Object.defineProperty(exports, "__esModule", { value: true });
exports.CustomerResource = void 0;
class CustomerResource {
    create(params, options) {
        return this._makeRequest('POST', '/v1/customers', params, options);
    }
    retrieve(id, params, options) {
        return this._makeRequest('GET', `/v1/customers/${encodeURIComponent(id)}`, params, options);
    }
    update(id, params, options) {
        return this._makeRequest('POST', `/v1/customers/${encodeURIComponent(id)}`, params, options);
    }
    del(id, params, options) {
        return this._makeRequest('DELETE', `/v1/customers/${encodeURIComponent(id)}`, params, options);
    }
}
exports.CustomerResource = CustomerResource;
