"use strict";
// Stand-in: executing this file is a failure of the plugin's safety promise.
throw new Error('stripe stand-in executed');
// Unreachable: present only so the verb table can read the methods as text.
Object.defineProperty(exports, "__esModule", { value: true });
exports.RefundResource = void 0;
class RefundResource {
    create(params, options) {
        return this._makeRequest('POST', '/v1/refunds', params, options);
    }
    retrieve(id, params, options) {
        return this._makeRequest('GET', `/v1/refunds/${encodeURIComponent(id)}`, params, options);
    }
    expire(id, params, options) {
        return this._makeRequest('POST', `/v1/refunds/${encodeURIComponent(id)}/expire`, params, options);
    }
}
exports.RefundResource = RefundResource;
