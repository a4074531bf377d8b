/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Array = $util.global.Array, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $Boolean = $util.global.Boolean, $isFinite = $util.global.isFinite;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const ota = $root.ota = (() => {

    /**
     * Namespace ota.
     * @exports ota
     * @namespace
     */
    const ota = {};

    ota.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof ota
         * @namespace
         */
        const v1 = {};

        /**
         * BodyType enum.
         * @name ota.v1.BodyType
         * @enum {number}
         * @property {number} BODY_TYPE_UNSPECIFIED=0 BODY_TYPE_UNSPECIFIED value
         * @property {number} BODY_TYPE_ROOT=1 BODY_TYPE_ROOT value
         * @property {number} BODY_TYPE_MANIFEST=2 BODY_TYPE_MANIFEST value
         */
        v1.BodyType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "BODY_TYPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "BODY_TYPE_ROOT"] = 1;
            values[valuesById[2] = "BODY_TYPE_MANIFEST"] = 2;
            return values;
        })();

        v1.Signature = (function() {

            /**
             * Properties of a Signature.
             * @typedef {Object} ota.v1.Signature.$Properties
             * @property {string|null} [keyId] Signature keyId
             * @property {Uint8Array|null} [sig] Signature sig
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Signature.
             * @memberof ota.v1
             * @interface ISignature
             * @augments ota.v1.Signature.$Properties
             * @deprecated Use ota.v1.Signature.$Properties instead.
             */

            /**
             * Shape of a Signature.
             * @typedef {ota.v1.Signature.$Properties} ota.v1.Signature.$Shape
             */

            /**
             * Constructs a new Signature.
             * @memberof ota.v1
             * @classdesc Represents a Signature.
             * @constructor
             * @param {ota.v1.Signature.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Signature = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Signature keyId.
             * @member {string} keyId
             * @memberof ota.v1.Signature
             * @instance
             */
            Signature.prototype.keyId = "";

            /**
             * Signature sig.
             * @member {Uint8Array} sig
             * @memberof ota.v1.Signature
             * @instance
             */
            Signature.prototype.sig = $util.newBuffer([]);

            /**
             * Creates a new Signature instance using the specified properties.
             * @function create
             * @memberof ota.v1.Signature
             * @static
             * @param {ota.v1.Signature.$Properties=} [properties] Properties to set
             * @returns {ota.v1.Signature} Signature instance
             * @type {{
             *   (properties: ota.v1.Signature.$Shape): ota.v1.Signature & ota.v1.Signature.$Shape;
             *   (properties?: ota.v1.Signature.$Properties): ota.v1.Signature;
             * }}
             */
            Signature.create = function(properties) {
                return new Signature(properties);
            };

            /**
             * Encodes the specified Signature message. Does not implicitly {@link ota.v1.Signature.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.Signature
             * @static
             * @param {ota.v1.Signature.$Properties} message Signature message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Signature.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.keyId != null && $Object.hasOwnProperty.call(message, "keyId") && message.keyId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.keyId);
                if (message.sig != null && $Object.hasOwnProperty.call(message, "sig") && message.sig.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.sig);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Signature message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.Signature
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.Signature & ota.v1.Signature.$Shape} Signature
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Signature.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.Signature();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.keyId = value;
                            else
                                delete message.keyId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.sig = value;
                            else
                                delete message.sig;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Signature message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.Signature
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.Signature} Signature
             */
            Signature.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.Signature)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.Signature: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.Signature();
                if (object.keyId != null)
                    if (typeof object.keyId !== "string" || object.keyId.length)
                        message.keyId = $String(object.keyId);
                if (object.sig != null)
                    if (object.sig.length)
                        if (typeof object.sig === "string")
                            $util.base64.decode(object.sig, message.sig = $util.newBuffer($util.base64.length(object.sig)), 0);
                        else if (object.sig.length >= 0)
                            message.sig = object.sig;
                return message;
            };

            /**
             * Creates a plain object from a Signature message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.Signature
             * @static
             * @param {ota.v1.Signature} message Signature
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Signature.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.keyId = "";
                    if (options.bytes === $String)
                        object.sig = "";
                    else {
                        object.sig = [];
                        if (options.bytes !== $Array)
                            object.sig = $util.newBuffer(object.sig);
                    }
                }
                if (message.keyId != null && $Object.hasOwnProperty.call(message, "keyId"))
                    object.keyId = message.keyId;
                if (message.sig != null && $Object.hasOwnProperty.call(message, "sig"))
                    object.sig = options.bytes === $String ? $util.base64.encode(message.sig, 0, message.sig.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.sig) : message.sig;
                return object;
            };

            /**
             * Converts this Signature to JSON.
             * @function toJSON
             * @memberof ota.v1.Signature
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Signature.prototype.toJSON = function() {
                return Signature.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Signature;
        })();

        v1.Envelope = (function() {

            /**
             * Properties of an Envelope.
             * @typedef {Object} ota.v1.Envelope.$Properties
             * @property {Uint8Array|null} [body] Envelope body
             * @property {Array.<ota.v1.Signature.$Properties>|null} [signatures] Envelope signatures
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Envelope.
             * @memberof ota.v1
             * @interface IEnvelope
             * @augments ota.v1.Envelope.$Properties
             * @deprecated Use ota.v1.Envelope.$Properties instead.
             */

            /**
             * Shape of an Envelope.
             * @typedef {ota.v1.Envelope.$Properties} ota.v1.Envelope.$Shape
             */

            /**
             * Constructs a new Envelope.
             * @memberof ota.v1
             * @classdesc Represents an Envelope.
             * @constructor
             * @param {ota.v1.Envelope.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Envelope = function (properties) {
                this.signatures = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Envelope body.
             * @member {Uint8Array} body
             * @memberof ota.v1.Envelope
             * @instance
             */
            Envelope.prototype.body = $util.newBuffer([]);

            /**
             * Envelope signatures.
             * @member {Array.<ota.v1.Signature.$Properties>} signatures
             * @memberof ota.v1.Envelope
             * @instance
             */
            Envelope.prototype.signatures = $util.emptyArray;

            /**
             * Creates a new Envelope instance using the specified properties.
             * @function create
             * @memberof ota.v1.Envelope
             * @static
             * @param {ota.v1.Envelope.$Properties=} [properties] Properties to set
             * @returns {ota.v1.Envelope} Envelope instance
             * @type {{
             *   (properties: ota.v1.Envelope.$Shape): ota.v1.Envelope & ota.v1.Envelope.$Shape;
             *   (properties?: ota.v1.Envelope.$Properties): ota.v1.Envelope;
             * }}
             */
            Envelope.create = function(properties) {
                return new Envelope(properties);
            };

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link ota.v1.Envelope.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.Envelope
             * @static
             * @param {ota.v1.Envelope.$Properties} message Envelope message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.body);
                if (message.signatures != null && message.signatures.length)
                    for (let i = 0; i < message.signatures.length; ++i)
                        $root.ota.v1.Signature.encode(message.signatures[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.Envelope & ota.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.Envelope();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.body = value;
                            else
                                delete message.body;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.signatures && message.signatures.length))
                                message.signatures = [];
                            message.signatures.push($root.ota.v1.Signature.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.Envelope
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.Envelope} Envelope
             */
            Envelope.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.Envelope)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.Envelope: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.Envelope();
                if (object.body != null)
                    if (object.body.length)
                        if (typeof object.body === "string")
                            $util.base64.decode(object.body, message.body = $util.newBuffer($util.base64.length(object.body)), 0);
                        else if (object.body.length >= 0)
                            message.body = object.body;
                if (object.signatures) {
                    if (!$Array.isArray(object.signatures))
                        throw $TypeError(".ota.v1.Envelope.signatures: array expected");
                    message.signatures = $Array(object.signatures.length);
                    for (let i = 0; i < object.signatures.length; ++i) {
                        if (!$util.isObject(object.signatures[i]))
                            throw $TypeError(".ota.v1.Envelope.signatures: object expected");
                        message.signatures[i] = $root.ota.v1.Signature.fromObject(object.signatures[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an Envelope message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.Envelope
             * @static
             * @param {ota.v1.Envelope} message Envelope
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Envelope.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.signatures = [];
                if (options.defaults)
                    if (options.bytes === $String)
                        object.body = "";
                    else {
                        object.body = [];
                        if (options.bytes !== $Array)
                            object.body = $util.newBuffer(object.body);
                    }
                if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                    object.body = options.bytes === $String ? $util.base64.encode(message.body, 0, message.body.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.body) : message.body;
                if (message.signatures && message.signatures.length) {
                    object.signatures = $Array(message.signatures.length);
                    for (let j = 0; j < message.signatures.length; ++j)
                        object.signatures[j] = $root.ota.v1.Signature.toObject(message.signatures[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this Envelope to JSON.
             * @function toJSON
             * @memberof ota.v1.Envelope
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Envelope.prototype.toJSON = function() {
                return Envelope.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Envelope;
        })();

        v1.SignedBody = (function() {

            /**
             * Properties of a SignedBody.
             * @typedef {Object} ota.v1.SignedBody.$Properties
             * @property {ota.v1.BodyType|null} [type] SignedBody type
             * @property {ota.v1.RootMetadata.$Properties|null} [root] SignedBody root
             * @property {ota.v1.Manifest.$Properties|null} [manifest] SignedBody manifest
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedBody.
             * @memberof ota.v1
             * @interface ISignedBody
             * @augments ota.v1.SignedBody.$Properties
             * @deprecated Use ota.v1.SignedBody.$Properties instead.
             */

            /**
             * Shape of a SignedBody.
             * @typedef {ota.v1.SignedBody.$Properties} ota.v1.SignedBody.$Shape
             */

            /**
             * Constructs a new SignedBody.
             * @memberof ota.v1
             * @classdesc Represents a SignedBody.
             * @constructor
             * @param {ota.v1.SignedBody.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedBody = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedBody type.
             * @member {ota.v1.BodyType} type
             * @memberof ota.v1.SignedBody
             * @instance
             */
            SignedBody.prototype.type = 0;

            /**
             * SignedBody root.
             * @member {ota.v1.RootMetadata.$Properties|null|undefined} root
             * @memberof ota.v1.SignedBody
             * @instance
             */
            SignedBody.prototype.root = null;

            /**
             * SignedBody manifest.
             * @member {ota.v1.Manifest.$Properties|null|undefined} manifest
             * @memberof ota.v1.SignedBody
             * @instance
             */
            SignedBody.prototype.manifest = null;

            /**
             * Creates a new SignedBody instance using the specified properties.
             * @function create
             * @memberof ota.v1.SignedBody
             * @static
             * @param {ota.v1.SignedBody.$Properties=} [properties] Properties to set
             * @returns {ota.v1.SignedBody} SignedBody instance
             * @type {{
             *   (properties: ota.v1.SignedBody.$Shape): ota.v1.SignedBody & ota.v1.SignedBody.$Shape;
             *   (properties?: ota.v1.SignedBody.$Properties): ota.v1.SignedBody;
             * }}
             */
            SignedBody.create = function(properties) {
                return new SignedBody(properties);
            };

            /**
             * Encodes the specified SignedBody message. Does not implicitly {@link ota.v1.SignedBody.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.SignedBody
             * @static
             * @param {ota.v1.SignedBody.$Properties} message SignedBody message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedBody.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
                if (message.root != null && $Object.hasOwnProperty.call(message, "root"))
                    $root.ota.v1.RootMetadata.encode(message.root, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.manifest != null && $Object.hasOwnProperty.call(message, "manifest"))
                    $root.ota.v1.Manifest.encode(message.manifest, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedBody message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.SignedBody
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.SignedBody & ota.v1.SignedBody.$Shape} SignedBody
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedBody.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.SignedBody();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.type = value;
                            else
                                delete message.type;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.root = $root.ota.v1.RootMetadata.decode(reader, reader.size(), $undefined, _depth + 1, message.root);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.manifest = $root.ota.v1.Manifest.decode(reader, reader.size(), $undefined, _depth + 1, message.manifest);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a SignedBody message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.SignedBody
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.SignedBody} SignedBody
             */
            SignedBody.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.SignedBody)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.SignedBody: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.SignedBody();
                if (object.type !== 0 && (typeof object.type !== "string" || $root.ota.v1.BodyType[object.type] !== 0))
                    switch (object.type) {
                    case "BODY_TYPE_UNSPECIFIED":
                    case 0:
                        message.type = 0;
                        break;
                    case "BODY_TYPE_ROOT":
                    case 1:
                        message.type = 1;
                        break;
                    case "BODY_TYPE_MANIFEST":
                    case 2:
                        message.type = 2;
                        break;
                    default:
                        if (typeof object.type === "number" && (object.type | 0) === object.type)
                            message.type = object.type;
                    }
                if (object.root != null) {
                    if (!$util.isObject(object.root))
                        throw $TypeError(".ota.v1.SignedBody.root: object expected");
                    message.root = $root.ota.v1.RootMetadata.fromObject(object.root, _depth + 1);
                }
                if (object.manifest != null) {
                    if (!$util.isObject(object.manifest))
                        throw $TypeError(".ota.v1.SignedBody.manifest: object expected");
                    message.manifest = $root.ota.v1.Manifest.fromObject(object.manifest, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a SignedBody message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.SignedBody
             * @static
             * @param {ota.v1.SignedBody} message SignedBody
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            SignedBody.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.type = options.enums === $String ? "BODY_TYPE_UNSPECIFIED" : 0;
                    object.root = null;
                    object.manifest = null;
                }
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    object.type = options.enums === $String ? $root.ota.v1.BodyType[message.type] === $undefined ? message.type : $root.ota.v1.BodyType[message.type] : message.type;
                if (message.root != null && $Object.hasOwnProperty.call(message, "root"))
                    object.root = $root.ota.v1.RootMetadata.toObject(message.root, options, _depth + 1);
                if (message.manifest != null && $Object.hasOwnProperty.call(message, "manifest"))
                    object.manifest = $root.ota.v1.Manifest.toObject(message.manifest, options, _depth + 1);
                return object;
            };

            /**
             * Converts this SignedBody to JSON.
             * @function toJSON
             * @memberof ota.v1.SignedBody
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            SignedBody.prototype.toJSON = function() {
                return SignedBody.toObject(this, $protobuf.util.toJSONOptions);
            };

            return SignedBody;
        })();

        v1.PublicKey = (function() {

            /**
             * Properties of a PublicKey.
             * @typedef {Object} ota.v1.PublicKey.$Properties
             * @property {string|null} [keyId] PublicKey keyId
             * @property {Uint8Array|null} [ed25519] PublicKey ed25519
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PublicKey.
             * @memberof ota.v1
             * @interface IPublicKey
             * @augments ota.v1.PublicKey.$Properties
             * @deprecated Use ota.v1.PublicKey.$Properties instead.
             */

            /**
             * Shape of a PublicKey.
             * @typedef {ota.v1.PublicKey.$Properties} ota.v1.PublicKey.$Shape
             */

            /**
             * Constructs a new PublicKey.
             * @memberof ota.v1
             * @classdesc Represents a PublicKey.
             * @constructor
             * @param {ota.v1.PublicKey.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PublicKey = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PublicKey keyId.
             * @member {string} keyId
             * @memberof ota.v1.PublicKey
             * @instance
             */
            PublicKey.prototype.keyId = "";

            /**
             * PublicKey ed25519.
             * @member {Uint8Array} ed25519
             * @memberof ota.v1.PublicKey
             * @instance
             */
            PublicKey.prototype.ed25519 = $util.newBuffer([]);

            /**
             * Creates a new PublicKey instance using the specified properties.
             * @function create
             * @memberof ota.v1.PublicKey
             * @static
             * @param {ota.v1.PublicKey.$Properties=} [properties] Properties to set
             * @returns {ota.v1.PublicKey} PublicKey instance
             * @type {{
             *   (properties: ota.v1.PublicKey.$Shape): ota.v1.PublicKey & ota.v1.PublicKey.$Shape;
             *   (properties?: ota.v1.PublicKey.$Properties): ota.v1.PublicKey;
             * }}
             */
            PublicKey.create = function(properties) {
                return new PublicKey(properties);
            };

            /**
             * Encodes the specified PublicKey message. Does not implicitly {@link ota.v1.PublicKey.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.PublicKey
             * @static
             * @param {ota.v1.PublicKey.$Properties} message PublicKey message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PublicKey.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.keyId != null && $Object.hasOwnProperty.call(message, "keyId") && message.keyId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.keyId);
                if (message.ed25519 != null && $Object.hasOwnProperty.call(message, "ed25519") && message.ed25519.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.ed25519);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PublicKey message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.PublicKey
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.PublicKey & ota.v1.PublicKey.$Shape} PublicKey
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PublicKey.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.PublicKey();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.keyId = value;
                            else
                                delete message.keyId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.ed25519 = value;
                            else
                                delete message.ed25519;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a PublicKey message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.PublicKey
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.PublicKey} PublicKey
             */
            PublicKey.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.PublicKey)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.PublicKey: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.PublicKey();
                if (object.keyId != null)
                    if (typeof object.keyId !== "string" || object.keyId.length)
                        message.keyId = $String(object.keyId);
                if (object.ed25519 != null)
                    if (object.ed25519.length)
                        if (typeof object.ed25519 === "string")
                            $util.base64.decode(object.ed25519, message.ed25519 = $util.newBuffer($util.base64.length(object.ed25519)), 0);
                        else if (object.ed25519.length >= 0)
                            message.ed25519 = object.ed25519;
                return message;
            };

            /**
             * Creates a plain object from a PublicKey message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.PublicKey
             * @static
             * @param {ota.v1.PublicKey} message PublicKey
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            PublicKey.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.keyId = "";
                    if (options.bytes === $String)
                        object.ed25519 = "";
                    else {
                        object.ed25519 = [];
                        if (options.bytes !== $Array)
                            object.ed25519 = $util.newBuffer(object.ed25519);
                    }
                }
                if (message.keyId != null && $Object.hasOwnProperty.call(message, "keyId"))
                    object.keyId = message.keyId;
                if (message.ed25519 != null && $Object.hasOwnProperty.call(message, "ed25519"))
                    object.ed25519 = options.bytes === $String ? $util.base64.encode(message.ed25519, 0, message.ed25519.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.ed25519) : message.ed25519;
                return object;
            };

            /**
             * Converts this PublicKey to JSON.
             * @function toJSON
             * @memberof ota.v1.PublicKey
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            PublicKey.prototype.toJSON = function() {
                return PublicKey.toObject(this, $protobuf.util.toJSONOptions);
            };

            return PublicKey;
        })();

        v1.SigningKey = (function() {

            /**
             * Properties of a SigningKey.
             * @typedef {Object} ota.v1.SigningKey.$Properties
             * @property {ota.v1.PublicKey.$Properties|null} [key] SigningKey key
             * @property {Array.<string>|null} [models] SigningKey models
             * @property {number|null} [expiresAt] SigningKey expiresAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SigningKey.
             * @memberof ota.v1
             * @interface ISigningKey
             * @augments ota.v1.SigningKey.$Properties
             * @deprecated Use ota.v1.SigningKey.$Properties instead.
             */

            /**
             * Shape of a SigningKey.
             * @typedef {ota.v1.SigningKey.$Properties} ota.v1.SigningKey.$Shape
             */

            /**
             * Constructs a new SigningKey.
             * @memberof ota.v1
             * @classdesc Represents a SigningKey.
             * @constructor
             * @param {ota.v1.SigningKey.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SigningKey = function (properties) {
                this.models = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SigningKey key.
             * @member {ota.v1.PublicKey.$Properties|null|undefined} key
             * @memberof ota.v1.SigningKey
             * @instance
             */
            SigningKey.prototype.key = null;

            /**
             * SigningKey models.
             * @member {Array.<string>} models
             * @memberof ota.v1.SigningKey
             * @instance
             */
            SigningKey.prototype.models = $util.emptyArray;

            /**
             * SigningKey expiresAt.
             * @member {number} expiresAt
             * @memberof ota.v1.SigningKey
             * @instance
             */
            SigningKey.prototype.expiresAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new SigningKey instance using the specified properties.
             * @function create
             * @memberof ota.v1.SigningKey
             * @static
             * @param {ota.v1.SigningKey.$Properties=} [properties] Properties to set
             * @returns {ota.v1.SigningKey} SigningKey instance
             * @type {{
             *   (properties: ota.v1.SigningKey.$Shape): ota.v1.SigningKey & ota.v1.SigningKey.$Shape;
             *   (properties?: ota.v1.SigningKey.$Properties): ota.v1.SigningKey;
             * }}
             */
            SigningKey.create = function(properties) {
                return new SigningKey(properties);
            };

            /**
             * Encodes the specified SigningKey message. Does not implicitly {@link ota.v1.SigningKey.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.SigningKey
             * @static
             * @param {ota.v1.SigningKey.$Properties} message SigningKey message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SigningKey.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key"))
                    $root.ota.v1.PublicKey.encode(message.key, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.models != null && message.models.length)
                    for (let i = 0; i < message.models.length; ++i)
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.models[i]);
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt") && (typeof message.expiresAt === "object" ? message.expiresAt.low || message.expiresAt.high : message.expiresAt !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.expiresAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SigningKey message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.SigningKey
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.SigningKey & ota.v1.SigningKey.$Shape} SigningKey
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SigningKey.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.SigningKey();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.key = $root.ota.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1, message.key);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.models && message.models.length))
                                message.models = [];
                            message.models.push(reader.stringVerify());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAt = value;
                            else
                                delete message.expiresAt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a SigningKey message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.SigningKey
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.SigningKey} SigningKey
             */
            SigningKey.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.SigningKey)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.SigningKey: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.SigningKey();
                if (object.key != null) {
                    if (!$util.isObject(object.key))
                        throw $TypeError(".ota.v1.SigningKey.key: object expected");
                    message.key = $root.ota.v1.PublicKey.fromObject(object.key, _depth + 1);
                }
                if (object.models) {
                    if (!$Array.isArray(object.models))
                        throw $TypeError(".ota.v1.SigningKey.models: array expected");
                    message.models = $Array(object.models.length);
                    for (let i = 0; i < object.models.length; ++i)
                        message.models[i] = $String(object.models[i]);
                }
                if (object.expiresAt != null)
                    if (typeof object.expiresAt === "object" ? object.expiresAt.low || object.expiresAt.high : $Number(object.expiresAt) !== 0)
                        if ($util.Long)
                            message.expiresAt = $util.Long.fromValue(object.expiresAt, false);
                        else if (typeof object.expiresAt === "string")
                            message.expiresAt = $parseInt(object.expiresAt, 10);
                        else if (typeof object.expiresAt === "number")
                            message.expiresAt = object.expiresAt;
                        else if (typeof object.expiresAt === "object")
                            message.expiresAt = new $util.LongBits(object.expiresAt.low >>> 0, object.expiresAt.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a SigningKey message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.SigningKey
             * @static
             * @param {ota.v1.SigningKey} message SigningKey
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            SigningKey.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.models = [];
                if (options.defaults) {
                    object.key = null;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.expiresAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.expiresAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.key != null && $Object.hasOwnProperty.call(message, "key"))
                    object.key = $root.ota.v1.PublicKey.toObject(message.key, options, _depth + 1);
                if (message.models && message.models.length) {
                    object.models = $Array(message.models.length);
                    for (let j = 0; j < message.models.length; ++j)
                        object.models[j] = message.models[j];
                }
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.expiresAt = typeof message.expiresAt === "number" ? $BigInt(message.expiresAt) : $util.Long.fromBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0, false).toBigInt();
                    else if (typeof message.expiresAt === "number")
                        object.expiresAt = options.longs === $String ? $String(message.expiresAt) : message.expiresAt;
                    else
                        object.expiresAt = options.longs === $String ? $util.Long.prototype.toString.call(message.expiresAt) : options.longs === $Number ? new $util.LongBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0).toNumber() : message.expiresAt;
                return object;
            };

            /**
             * Converts this SigningKey to JSON.
             * @function toJSON
             * @memberof ota.v1.SigningKey
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            SigningKey.prototype.toJSON = function() {
                return SigningKey.toObject(this, $protobuf.util.toJSONOptions);
            };

            return SigningKey;
        })();

        v1.RootMetadata = (function() {

            /**
             * Properties of a RootMetadata.
             * @typedef {Object} ota.v1.RootMetadata.$Properties
             * @property {number|null} [version] RootMetadata version
             * @property {number|null} [threshold] RootMetadata threshold
             * @property {Array.<ota.v1.PublicKey.$Properties>|null} [rootKeys] RootMetadata rootKeys
             * @property {Array.<ota.v1.SigningKey.$Properties>|null} [signingKeys] RootMetadata signingKeys
             * @property {number|null} [releaseThreshold] RootMetadata releaseThreshold
             * @property {number|null} [createdAt] RootMetadata createdAt
             * @property {number|null} [expiresAt] RootMetadata expiresAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RootMetadata.
             * @memberof ota.v1
             * @interface IRootMetadata
             * @augments ota.v1.RootMetadata.$Properties
             * @deprecated Use ota.v1.RootMetadata.$Properties instead.
             */

            /**
             * Shape of a RootMetadata.
             * @typedef {ota.v1.RootMetadata.$Properties} ota.v1.RootMetadata.$Shape
             */

            /**
             * Constructs a new RootMetadata.
             * @memberof ota.v1
             * @classdesc Represents a RootMetadata.
             * @constructor
             * @param {ota.v1.RootMetadata.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RootMetadata = function (properties) {
                this.rootKeys = [];
                this.signingKeys = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RootMetadata version.
             * @member {number} version
             * @memberof ota.v1.RootMetadata
             * @instance
             */
            RootMetadata.prototype.version = 0;

            /**
             * RootMetadata threshold.
             * @member {number} threshold
             * @memberof ota.v1.RootMetadata
             * @instance
             */
            RootMetadata.prototype.threshold = 0;

            /**
             * RootMetadata rootKeys.
             * @member {Array.<ota.v1.PublicKey.$Properties>} rootKeys
             * @memberof ota.v1.RootMetadata
             * @instance
             */
            RootMetadata.prototype.rootKeys = $util.emptyArray;

            /**
             * RootMetadata signingKeys.
             * @member {Array.<ota.v1.SigningKey.$Properties>} signingKeys
             * @memberof ota.v1.RootMetadata
             * @instance
             */
            RootMetadata.prototype.signingKeys = $util.emptyArray;

            /**
             * RootMetadata releaseThreshold.
             * @member {number} releaseThreshold
             * @memberof ota.v1.RootMetadata
             * @instance
             */
            RootMetadata.prototype.releaseThreshold = 0;

            /**
             * RootMetadata createdAt.
             * @member {number} createdAt
             * @memberof ota.v1.RootMetadata
             * @instance
             */
            RootMetadata.prototype.createdAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * RootMetadata expiresAt.
             * @member {number} expiresAt
             * @memberof ota.v1.RootMetadata
             * @instance
             */
            RootMetadata.prototype.expiresAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new RootMetadata instance using the specified properties.
             * @function create
             * @memberof ota.v1.RootMetadata
             * @static
             * @param {ota.v1.RootMetadata.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RootMetadata} RootMetadata instance
             * @type {{
             *   (properties: ota.v1.RootMetadata.$Shape): ota.v1.RootMetadata & ota.v1.RootMetadata.$Shape;
             *   (properties?: ota.v1.RootMetadata.$Properties): ota.v1.RootMetadata;
             * }}
             */
            RootMetadata.create = function(properties) {
                return new RootMetadata(properties);
            };

            /**
             * Encodes the specified RootMetadata message. Does not implicitly {@link ota.v1.RootMetadata.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RootMetadata
             * @static
             * @param {ota.v1.RootMetadata.$Properties} message RootMetadata message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RootMetadata.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.threshold != null && $Object.hasOwnProperty.call(message, "threshold") && message.threshold !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.threshold);
                if (message.rootKeys != null && message.rootKeys.length)
                    for (let i = 0; i < message.rootKeys.length; ++i)
                        $root.ota.v1.PublicKey.encode(message.rootKeys[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.signingKeys != null && message.signingKeys.length)
                    for (let i = 0; i < message.signingKeys.length; ++i)
                        $root.ota.v1.SigningKey.encode(message.signingKeys[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.releaseThreshold != null && $Object.hasOwnProperty.call(message, "releaseThreshold") && message.releaseThreshold !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.releaseThreshold);
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt") && (typeof message.createdAt === "object" ? message.createdAt.low || message.createdAt.high : message.createdAt !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.createdAt);
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt") && (typeof message.expiresAt === "object" ? message.expiresAt.low || message.expiresAt.high : message.expiresAt !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.expiresAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RootMetadata message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RootMetadata
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RootMetadata & ota.v1.RootMetadata.$Shape} RootMetadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RootMetadata.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RootMetadata();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.threshold = value;
                            else
                                delete message.threshold;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.rootKeys && message.rootKeys.length))
                                message.rootKeys = [];
                            message.rootKeys.push($root.ota.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.signingKeys && message.signingKeys.length))
                                message.signingKeys = [];
                            message.signingKeys.push($root.ota.v1.SigningKey.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.releaseThreshold = value;
                            else
                                delete message.releaseThreshold;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAt = value;
                            else
                                delete message.createdAt;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAt = value;
                            else
                                delete message.expiresAt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RootMetadata message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RootMetadata
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RootMetadata} RootMetadata
             */
            RootMetadata.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RootMetadata)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RootMetadata: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RootMetadata();
                if (object.version != null)
                    if ($Number(object.version) !== 0)
                        message.version = object.version >>> 0;
                if (object.threshold != null)
                    if ($Number(object.threshold) !== 0)
                        message.threshold = object.threshold >>> 0;
                if (object.rootKeys) {
                    if (!$Array.isArray(object.rootKeys))
                        throw $TypeError(".ota.v1.RootMetadata.rootKeys: array expected");
                    message.rootKeys = $Array(object.rootKeys.length);
                    for (let i = 0; i < object.rootKeys.length; ++i) {
                        if (!$util.isObject(object.rootKeys[i]))
                            throw $TypeError(".ota.v1.RootMetadata.rootKeys: object expected");
                        message.rootKeys[i] = $root.ota.v1.PublicKey.fromObject(object.rootKeys[i], _depth + 1);
                    }
                }
                if (object.signingKeys) {
                    if (!$Array.isArray(object.signingKeys))
                        throw $TypeError(".ota.v1.RootMetadata.signingKeys: array expected");
                    message.signingKeys = $Array(object.signingKeys.length);
                    for (let i = 0; i < object.signingKeys.length; ++i) {
                        if (!$util.isObject(object.signingKeys[i]))
                            throw $TypeError(".ota.v1.RootMetadata.signingKeys: object expected");
                        message.signingKeys[i] = $root.ota.v1.SigningKey.fromObject(object.signingKeys[i], _depth + 1);
                    }
                }
                if (object.releaseThreshold != null)
                    if ($Number(object.releaseThreshold) !== 0)
                        message.releaseThreshold = object.releaseThreshold >>> 0;
                if (object.createdAt != null)
                    if (typeof object.createdAt === "object" ? object.createdAt.low || object.createdAt.high : $Number(object.createdAt) !== 0)
                        if ($util.Long)
                            message.createdAt = $util.Long.fromValue(object.createdAt, false);
                        else if (typeof object.createdAt === "string")
                            message.createdAt = $parseInt(object.createdAt, 10);
                        else if (typeof object.createdAt === "number")
                            message.createdAt = object.createdAt;
                        else if (typeof object.createdAt === "object")
                            message.createdAt = new $util.LongBits(object.createdAt.low >>> 0, object.createdAt.high >>> 0).toNumber();
                if (object.expiresAt != null)
                    if (typeof object.expiresAt === "object" ? object.expiresAt.low || object.expiresAt.high : $Number(object.expiresAt) !== 0)
                        if ($util.Long)
                            message.expiresAt = $util.Long.fromValue(object.expiresAt, false);
                        else if (typeof object.expiresAt === "string")
                            message.expiresAt = $parseInt(object.expiresAt, 10);
                        else if (typeof object.expiresAt === "number")
                            message.expiresAt = object.expiresAt;
                        else if (typeof object.expiresAt === "object")
                            message.expiresAt = new $util.LongBits(object.expiresAt.low >>> 0, object.expiresAt.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a RootMetadata message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RootMetadata
             * @static
             * @param {ota.v1.RootMetadata} message RootMetadata
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RootMetadata.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.rootKeys = [];
                    object.signingKeys = [];
                }
                if (options.defaults) {
                    object.version = 0;
                    object.threshold = 0;
                    object.releaseThreshold = 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.createdAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.createdAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.expiresAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.expiresAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.threshold != null && $Object.hasOwnProperty.call(message, "threshold"))
                    object.threshold = message.threshold;
                if (message.rootKeys && message.rootKeys.length) {
                    object.rootKeys = $Array(message.rootKeys.length);
                    for (let j = 0; j < message.rootKeys.length; ++j)
                        object.rootKeys[j] = $root.ota.v1.PublicKey.toObject(message.rootKeys[j], options, _depth + 1);
                }
                if (message.signingKeys && message.signingKeys.length) {
                    object.signingKeys = $Array(message.signingKeys.length);
                    for (let j = 0; j < message.signingKeys.length; ++j)
                        object.signingKeys[j] = $root.ota.v1.SigningKey.toObject(message.signingKeys[j], options, _depth + 1);
                }
                if (message.releaseThreshold != null && $Object.hasOwnProperty.call(message, "releaseThreshold"))
                    object.releaseThreshold = message.releaseThreshold;
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.createdAt = typeof message.createdAt === "number" ? $BigInt(message.createdAt) : $util.Long.fromBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0, false).toBigInt();
                    else if (typeof message.createdAt === "number")
                        object.createdAt = options.longs === $String ? $String(message.createdAt) : message.createdAt;
                    else
                        object.createdAt = options.longs === $String ? $util.Long.prototype.toString.call(message.createdAt) : options.longs === $Number ? new $util.LongBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0).toNumber() : message.createdAt;
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.expiresAt = typeof message.expiresAt === "number" ? $BigInt(message.expiresAt) : $util.Long.fromBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0, false).toBigInt();
                    else if (typeof message.expiresAt === "number")
                        object.expiresAt = options.longs === $String ? $String(message.expiresAt) : message.expiresAt;
                    else
                        object.expiresAt = options.longs === $String ? $util.Long.prototype.toString.call(message.expiresAt) : options.longs === $Number ? new $util.LongBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0).toNumber() : message.expiresAt;
                return object;
            };

            /**
             * Converts this RootMetadata to JSON.
             * @function toJSON
             * @memberof ota.v1.RootMetadata
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RootMetadata.prototype.toJSON = function() {
                return RootMetadata.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RootMetadata;
        })();

        v1.RootChain = (function() {

            /**
             * Properties of a RootChain.
             * @typedef {Object} ota.v1.RootChain.$Properties
             * @property {Array.<Uint8Array>|null} [roots] RootChain roots
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RootChain.
             * @memberof ota.v1
             * @interface IRootChain
             * @augments ota.v1.RootChain.$Properties
             * @deprecated Use ota.v1.RootChain.$Properties instead.
             */

            /**
             * Shape of a RootChain.
             * @typedef {ota.v1.RootChain.$Properties} ota.v1.RootChain.$Shape
             */

            /**
             * Constructs a new RootChain.
             * @memberof ota.v1
             * @classdesc Represents a RootChain.
             * @constructor
             * @param {ota.v1.RootChain.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RootChain = function (properties) {
                this.roots = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RootChain roots.
             * @member {Array.<Uint8Array>} roots
             * @memberof ota.v1.RootChain
             * @instance
             */
            RootChain.prototype.roots = $util.emptyArray;

            /**
             * Creates a new RootChain instance using the specified properties.
             * @function create
             * @memberof ota.v1.RootChain
             * @static
             * @param {ota.v1.RootChain.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RootChain} RootChain instance
             * @type {{
             *   (properties: ota.v1.RootChain.$Shape): ota.v1.RootChain & ota.v1.RootChain.$Shape;
             *   (properties?: ota.v1.RootChain.$Properties): ota.v1.RootChain;
             * }}
             */
            RootChain.create = function(properties) {
                return new RootChain(properties);
            };

            /**
             * Encodes the specified RootChain message. Does not implicitly {@link ota.v1.RootChain.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RootChain
             * @static
             * @param {ota.v1.RootChain.$Properties} message RootChain message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RootChain.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.roots != null && message.roots.length)
                    for (let i = 0; i < message.roots.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.roots[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RootChain message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RootChain
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RootChain & ota.v1.RootChain.$Shape} RootChain
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RootChain.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RootChain();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.roots && message.roots.length))
                                message.roots = [];
                            message.roots.push(reader.bytes());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RootChain message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RootChain
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RootChain} RootChain
             */
            RootChain.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RootChain)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RootChain: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RootChain();
                if (object.roots) {
                    if (!$Array.isArray(object.roots))
                        throw $TypeError(".ota.v1.RootChain.roots: array expected");
                    message.roots = $Array(object.roots.length);
                    for (let i = 0; i < object.roots.length; ++i)
                        if (typeof object.roots[i] === "string")
                            $util.base64.decode(object.roots[i], message.roots[i] = $util.newBuffer($util.base64.length(object.roots[i])), 0);
                        else if (object.roots[i].length >= 0)
                            message.roots[i] = object.roots[i];
                }
                return message;
            };

            /**
             * Creates a plain object from a RootChain message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RootChain
             * @static
             * @param {ota.v1.RootChain} message RootChain
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RootChain.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.roots = [];
                if (message.roots && message.roots.length) {
                    object.roots = $Array(message.roots.length);
                    for (let j = 0; j < message.roots.length; ++j)
                        object.roots[j] = options.bytes === $String ? $util.base64.encode(message.roots[j], 0, message.roots[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.roots[j]) : message.roots[j];
                }
                return object;
            };

            /**
             * Converts this RootChain to JSON.
             * @function toJSON
             * @memberof ota.v1.RootChain
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RootChain.prototype.toJSON = function() {
                return RootChain.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RootChain;
        })();

        /**
         * Urgency enum.
         * @name ota.v1.Urgency
         * @enum {number}
         * @property {number} URGENCY_OPTIONAL=0 URGENCY_OPTIONAL value
         * @property {number} URGENCY_RECOMMENDED=1 URGENCY_RECOMMENDED value
         * @property {number} URGENCY_CRITICAL=2 URGENCY_CRITICAL value
         */
        v1.Urgency = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "URGENCY_OPTIONAL"] = 0;
            values[valuesById[1] = "URGENCY_RECOMMENDED"] = 1;
            values[valuesById[2] = "URGENCY_CRITICAL"] = 2;
            return values;
        })();

        v1.Artifact = (function() {

            /**
             * Properties of an Artifact.
             * @typedef {Object} ota.v1.Artifact.$Properties
             * @property {Uint8Array|null} [sha256] Artifact sha256
             * @property {number|null} [size] Artifact size
             * @property {number|null} [chunkSize] Artifact chunkSize
             * @property {Uint8Array|null} [merkleRoot] Artifact merkleRoot
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Artifact.
             * @memberof ota.v1
             * @interface IArtifact
             * @augments ota.v1.Artifact.$Properties
             * @deprecated Use ota.v1.Artifact.$Properties instead.
             */

            /**
             * Shape of an Artifact.
             * @typedef {ota.v1.Artifact.$Properties} ota.v1.Artifact.$Shape
             */

            /**
             * Constructs a new Artifact.
             * @memberof ota.v1
             * @classdesc Represents an Artifact.
             * @constructor
             * @param {ota.v1.Artifact.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Artifact = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Artifact sha256.
             * @member {Uint8Array} sha256
             * @memberof ota.v1.Artifact
             * @instance
             */
            Artifact.prototype.sha256 = $util.newBuffer([]);

            /**
             * Artifact size.
             * @member {number} size
             * @memberof ota.v1.Artifact
             * @instance
             */
            Artifact.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Artifact chunkSize.
             * @member {number} chunkSize
             * @memberof ota.v1.Artifact
             * @instance
             */
            Artifact.prototype.chunkSize = 0;

            /**
             * Artifact merkleRoot.
             * @member {Uint8Array} merkleRoot
             * @memberof ota.v1.Artifact
             * @instance
             */
            Artifact.prototype.merkleRoot = $util.newBuffer([]);

            /**
             * Creates a new Artifact instance using the specified properties.
             * @function create
             * @memberof ota.v1.Artifact
             * @static
             * @param {ota.v1.Artifact.$Properties=} [properties] Properties to set
             * @returns {ota.v1.Artifact} Artifact instance
             * @type {{
             *   (properties: ota.v1.Artifact.$Shape): ota.v1.Artifact & ota.v1.Artifact.$Shape;
             *   (properties?: ota.v1.Artifact.$Properties): ota.v1.Artifact;
             * }}
             */
            Artifact.create = function(properties) {
                return new Artifact(properties);
            };

            /**
             * Encodes the specified Artifact message. Does not implicitly {@link ota.v1.Artifact.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.Artifact
             * @static
             * @param {ota.v1.Artifact.$Properties} message Artifact message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Artifact.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256") && message.sha256.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.sha256);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.size);
                if (message.chunkSize != null && $Object.hasOwnProperty.call(message, "chunkSize") && message.chunkSize !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.chunkSize);
                if (message.merkleRoot != null && $Object.hasOwnProperty.call(message, "merkleRoot") && message.merkleRoot.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.merkleRoot);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Artifact message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.Artifact
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.Artifact & ota.v1.Artifact.$Shape} Artifact
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Artifact.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.Artifact();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.sha256 = value;
                            else
                                delete message.sha256;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.chunkSize = value;
                            else
                                delete message.chunkSize;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.merkleRoot = value;
                            else
                                delete message.merkleRoot;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Artifact message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.Artifact
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.Artifact} Artifact
             */
            Artifact.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.Artifact)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.Artifact: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.Artifact();
                if (object.sha256 != null)
                    if (object.sha256.length)
                        if (typeof object.sha256 === "string")
                            $util.base64.decode(object.sha256, message.sha256 = $util.newBuffer($util.base64.length(object.sha256)), 0);
                        else if (object.sha256.length >= 0)
                            message.sha256 = object.sha256;
                if (object.size != null)
                    if (typeof object.size === "object" ? object.size.low || object.size.high : $Number(object.size) !== 0)
                        if ($util.Long)
                            message.size = $util.Long.fromValue(object.size, true);
                        else if (typeof object.size === "string")
                            message.size = $parseInt(object.size, 10);
                        else if (typeof object.size === "number")
                            message.size = object.size;
                        else if (typeof object.size === "object")
                            message.size = new $util.LongBits(object.size.low >>> 0, object.size.high >>> 0).toNumber(true);
                if (object.chunkSize != null)
                    if ($Number(object.chunkSize) !== 0)
                        message.chunkSize = object.chunkSize >>> 0;
                if (object.merkleRoot != null)
                    if (object.merkleRoot.length)
                        if (typeof object.merkleRoot === "string")
                            $util.base64.decode(object.merkleRoot, message.merkleRoot = $util.newBuffer($util.base64.length(object.merkleRoot)), 0);
                        else if (object.merkleRoot.length >= 0)
                            message.merkleRoot = object.merkleRoot;
                return message;
            };

            /**
             * Creates a plain object from an Artifact message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.Artifact
             * @static
             * @param {ota.v1.Artifact} message Artifact
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Artifact.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.sha256 = "";
                    else {
                        object.sha256 = [];
                        if (options.bytes !== $Array)
                            object.sha256 = $util.newBuffer(object.sha256);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.size = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.size = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.chunkSize = 0;
                    if (options.bytes === $String)
                        object.merkleRoot = "";
                    else {
                        object.merkleRoot = [];
                        if (options.bytes !== $Array)
                            object.merkleRoot = $util.newBuffer(object.merkleRoot);
                    }
                }
                if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256"))
                    object.sha256 = options.bytes === $String ? $util.base64.encode(message.sha256, 0, message.sha256.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.sha256) : message.sha256;
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.size = typeof message.size === "number" ? $BigInt(message.size) : $util.Long.fromBits(message.size.low >>> 0, message.size.high >>> 0, true).toBigInt();
                    else if (typeof message.size === "number")
                        object.size = options.longs === $String ? $String(message.size) : message.size;
                    else
                        object.size = options.longs === $String ? $util.Long.prototype.toString.call(message.size) : options.longs === $Number ? new $util.LongBits(message.size.low >>> 0, message.size.high >>> 0).toNumber(true) : message.size;
                if (message.chunkSize != null && $Object.hasOwnProperty.call(message, "chunkSize"))
                    object.chunkSize = message.chunkSize;
                if (message.merkleRoot != null && $Object.hasOwnProperty.call(message, "merkleRoot"))
                    object.merkleRoot = options.bytes === $String ? $util.base64.encode(message.merkleRoot, 0, message.merkleRoot.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.merkleRoot) : message.merkleRoot;
                return object;
            };

            /**
             * Converts this Artifact to JSON.
             * @function toJSON
             * @memberof ota.v1.Artifact
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Artifact.prototype.toJSON = function() {
                return Artifact.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Artifact;
        })();

        v1.Delta = (function() {

            /**
             * Properties of a Delta.
             * @typedef {Object} ota.v1.Delta.$Properties
             * @property {string|null} [baseVersion] Delta baseVersion
             * @property {Uint8Array|null} [baseSha256] Delta baseSha256
             * @property {ota.v1.Artifact.$Properties|null} [patch] Delta patch
             * @property {string|null} [algorithm] Delta algorithm
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Delta.
             * @memberof ota.v1
             * @interface IDelta
             * @augments ota.v1.Delta.$Properties
             * @deprecated Use ota.v1.Delta.$Properties instead.
             */

            /**
             * Shape of a Delta.
             * @typedef {ota.v1.Delta.$Properties} ota.v1.Delta.$Shape
             */

            /**
             * Constructs a new Delta.
             * @memberof ota.v1
             * @classdesc Represents a Delta.
             * @constructor
             * @param {ota.v1.Delta.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Delta = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Delta baseVersion.
             * @member {string} baseVersion
             * @memberof ota.v1.Delta
             * @instance
             */
            Delta.prototype.baseVersion = "";

            /**
             * Delta baseSha256.
             * @member {Uint8Array} baseSha256
             * @memberof ota.v1.Delta
             * @instance
             */
            Delta.prototype.baseSha256 = $util.newBuffer([]);

            /**
             * Delta patch.
             * @member {ota.v1.Artifact.$Properties|null|undefined} patch
             * @memberof ota.v1.Delta
             * @instance
             */
            Delta.prototype.patch = null;

            /**
             * Delta algorithm.
             * @member {string} algorithm
             * @memberof ota.v1.Delta
             * @instance
             */
            Delta.prototype.algorithm = "";

            /**
             * Creates a new Delta instance using the specified properties.
             * @function create
             * @memberof ota.v1.Delta
             * @static
             * @param {ota.v1.Delta.$Properties=} [properties] Properties to set
             * @returns {ota.v1.Delta} Delta instance
             * @type {{
             *   (properties: ota.v1.Delta.$Shape): ota.v1.Delta & ota.v1.Delta.$Shape;
             *   (properties?: ota.v1.Delta.$Properties): ota.v1.Delta;
             * }}
             */
            Delta.create = function(properties) {
                return new Delta(properties);
            };

            /**
             * Encodes the specified Delta message. Does not implicitly {@link ota.v1.Delta.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.Delta
             * @static
             * @param {ota.v1.Delta.$Properties} message Delta message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Delta.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.baseVersion != null && $Object.hasOwnProperty.call(message, "baseVersion") && message.baseVersion !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.baseVersion);
                if (message.baseSha256 != null && $Object.hasOwnProperty.call(message, "baseSha256") && message.baseSha256.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.baseSha256);
                if (message.patch != null && $Object.hasOwnProperty.call(message, "patch"))
                    $root.ota.v1.Artifact.encode(message.patch, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.algorithm != null && $Object.hasOwnProperty.call(message, "algorithm") && message.algorithm !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.algorithm);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Delta message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.Delta
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.Delta & ota.v1.Delta.$Shape} Delta
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Delta.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.Delta();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.baseVersion = value;
                            else
                                delete message.baseVersion;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.baseSha256 = value;
                            else
                                delete message.baseSha256;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.patch = $root.ota.v1.Artifact.decode(reader, reader.size(), $undefined, _depth + 1, message.patch);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.algorithm = value;
                            else
                                delete message.algorithm;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Delta message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.Delta
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.Delta} Delta
             */
            Delta.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.Delta)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.Delta: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.Delta();
                if (object.baseVersion != null)
                    if (typeof object.baseVersion !== "string" || object.baseVersion.length)
                        message.baseVersion = $String(object.baseVersion);
                if (object.baseSha256 != null)
                    if (object.baseSha256.length)
                        if (typeof object.baseSha256 === "string")
                            $util.base64.decode(object.baseSha256, message.baseSha256 = $util.newBuffer($util.base64.length(object.baseSha256)), 0);
                        else if (object.baseSha256.length >= 0)
                            message.baseSha256 = object.baseSha256;
                if (object.patch != null) {
                    if (!$util.isObject(object.patch))
                        throw $TypeError(".ota.v1.Delta.patch: object expected");
                    message.patch = $root.ota.v1.Artifact.fromObject(object.patch, _depth + 1);
                }
                if (object.algorithm != null)
                    if (typeof object.algorithm !== "string" || object.algorithm.length)
                        message.algorithm = $String(object.algorithm);
                return message;
            };

            /**
             * Creates a plain object from a Delta message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.Delta
             * @static
             * @param {ota.v1.Delta} message Delta
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Delta.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.baseVersion = "";
                    if (options.bytes === $String)
                        object.baseSha256 = "";
                    else {
                        object.baseSha256 = [];
                        if (options.bytes !== $Array)
                            object.baseSha256 = $util.newBuffer(object.baseSha256);
                    }
                    object.patch = null;
                    object.algorithm = "";
                }
                if (message.baseVersion != null && $Object.hasOwnProperty.call(message, "baseVersion"))
                    object.baseVersion = message.baseVersion;
                if (message.baseSha256 != null && $Object.hasOwnProperty.call(message, "baseSha256"))
                    object.baseSha256 = options.bytes === $String ? $util.base64.encode(message.baseSha256, 0, message.baseSha256.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.baseSha256) : message.baseSha256;
                if (message.patch != null && $Object.hasOwnProperty.call(message, "patch"))
                    object.patch = $root.ota.v1.Artifact.toObject(message.patch, options, _depth + 1);
                if (message.algorithm != null && $Object.hasOwnProperty.call(message, "algorithm"))
                    object.algorithm = message.algorithm;
                return object;
            };

            /**
             * Converts this Delta to JSON.
             * @function toJSON
             * @memberof ota.v1.Delta
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Delta.prototype.toJSON = function() {
                return Delta.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Delta;
        })();

        v1.Manifest = (function() {

            /**
             * Properties of a Manifest.
             * @typedef {Object} ota.v1.Manifest.$Properties
             * @property {number|null} [format] Manifest format
             * @property {string|null} [model] Manifest model
             * @property {Array.<string>|null} [hardwareRevisions] Manifest hardwareRevisions
             * @property {string|null} [version] Manifest version
             * @property {number|null} [securityVersion] Manifest securityVersion
             * @property {number|null} [sequence] Manifest sequence
             * @property {number|null} [createdAt] Manifest createdAt
             * @property {number|null} [expiresAt] Manifest expiresAt
             * @property {ota.v1.Artifact.$Properties|null} [image] Manifest image
             * @property {Array.<ota.v1.Delta.$Properties>|null} [deltas] Manifest deltas
             * @property {string|null} [releaseNotes] Manifest releaseNotes
             * @property {ota.v1.Urgency|null} [urgency] Manifest urgency
             * @property {number|null} [maxDeferralS] Manifest maxDeferralS
             * @property {boolean|null} [rebootRequired] Manifest rebootRequired
             * @property {number|null} [endOfLifeAt] Manifest endOfLifeAt
             * @property {string|null} [endOfLifeNotice] Manifest endOfLifeNotice
             * @property {Uint8Array|null} [sbomSha256] Manifest sbomSha256
             * @property {string|null} [sbomFormat] Manifest sbomFormat
             * @property {number|null} [sbomSize] Manifest sbomSize
             * @property {ota.v1.Delta.$Properties|null} [compressedImage] Manifest compressedImage
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Manifest.
             * @memberof ota.v1
             * @interface IManifest
             * @augments ota.v1.Manifest.$Properties
             * @deprecated Use ota.v1.Manifest.$Properties instead.
             */

            /**
             * Shape of a Manifest.
             * @typedef {ota.v1.Manifest.$Properties} ota.v1.Manifest.$Shape
             */

            /**
             * Constructs a new Manifest.
             * @memberof ota.v1
             * @classdesc Represents a Manifest.
             * @constructor
             * @param {ota.v1.Manifest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Manifest = function (properties) {
                this.hardwareRevisions = [];
                this.deltas = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Manifest format.
             * @member {number} format
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.format = 0;

            /**
             * Manifest model.
             * @member {string} model
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.model = "";

            /**
             * Manifest hardwareRevisions.
             * @member {Array.<string>} hardwareRevisions
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.hardwareRevisions = $util.emptyArray;

            /**
             * Manifest version.
             * @member {string} version
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.version = "";

            /**
             * Manifest securityVersion.
             * @member {number} securityVersion
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.securityVersion = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Manifest sequence.
             * @member {number} sequence
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.sequence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Manifest createdAt.
             * @member {number} createdAt
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.createdAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Manifest expiresAt.
             * @member {number} expiresAt
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.expiresAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Manifest image.
             * @member {ota.v1.Artifact.$Properties|null|undefined} image
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.image = null;

            /**
             * Manifest deltas.
             * @member {Array.<ota.v1.Delta.$Properties>} deltas
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.deltas = $util.emptyArray;

            /**
             * Manifest releaseNotes.
             * @member {string} releaseNotes
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.releaseNotes = "";

            /**
             * Manifest urgency.
             * @member {ota.v1.Urgency} urgency
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.urgency = 0;

            /**
             * Manifest maxDeferralS.
             * @member {number} maxDeferralS
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.maxDeferralS = 0;

            /**
             * Manifest rebootRequired.
             * @member {boolean} rebootRequired
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.rebootRequired = false;

            /**
             * Manifest endOfLifeAt.
             * @member {number} endOfLifeAt
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.endOfLifeAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Manifest endOfLifeNotice.
             * @member {string} endOfLifeNotice
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.endOfLifeNotice = "";

            /**
             * Manifest sbomSha256.
             * @member {Uint8Array} sbomSha256
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.sbomSha256 = $util.newBuffer([]);

            /**
             * Manifest sbomFormat.
             * @member {string} sbomFormat
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.sbomFormat = "";

            /**
             * Manifest sbomSize.
             * @member {number} sbomSize
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.sbomSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Manifest compressedImage.
             * @member {ota.v1.Delta.$Properties|null|undefined} compressedImage
             * @memberof ota.v1.Manifest
             * @instance
             */
            Manifest.prototype.compressedImage = null;

            /**
             * Creates a new Manifest instance using the specified properties.
             * @function create
             * @memberof ota.v1.Manifest
             * @static
             * @param {ota.v1.Manifest.$Properties=} [properties] Properties to set
             * @returns {ota.v1.Manifest} Manifest instance
             * @type {{
             *   (properties: ota.v1.Manifest.$Shape): ota.v1.Manifest & ota.v1.Manifest.$Shape;
             *   (properties?: ota.v1.Manifest.$Properties): ota.v1.Manifest;
             * }}
             */
            Manifest.create = function(properties) {
                return new Manifest(properties);
            };

            /**
             * Encodes the specified Manifest message. Does not implicitly {@link ota.v1.Manifest.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.Manifest
             * @static
             * @param {ota.v1.Manifest.$Properties} message Manifest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Manifest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.format != null && $Object.hasOwnProperty.call(message, "format") && message.format !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.format);
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.model);
                if (message.hardwareRevisions != null && message.hardwareRevisions.length)
                    for (let i = 0; i < message.hardwareRevisions.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.hardwareRevisions[i]);
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.version);
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion") && (typeof message.securityVersion === "object" ? message.securityVersion.low || message.securityVersion.high : message.securityVersion !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.securityVersion);
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence") && (typeof message.sequence === "object" ? message.sequence.low || message.sequence.high : message.sequence !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.sequence);
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt") && (typeof message.createdAt === "object" ? message.createdAt.low || message.createdAt.high : message.createdAt !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.createdAt);
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt") && (typeof message.expiresAt === "object" ? message.expiresAt.low || message.expiresAt.high : message.expiresAt !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.expiresAt);
                if (message.image != null && $Object.hasOwnProperty.call(message, "image"))
                    $root.ota.v1.Artifact.encode(message.image, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.deltas != null && message.deltas.length)
                    for (let i = 0; i < message.deltas.length; ++i)
                        $root.ota.v1.Delta.encode(message.deltas[i], writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.releaseNotes != null && $Object.hasOwnProperty.call(message, "releaseNotes") && message.releaseNotes !== "")
                    writer.uint32(/* id 11, wireType 2 =*/90).string(message.releaseNotes);
                if (message.urgency != null && $Object.hasOwnProperty.call(message, "urgency") && message.urgency !== 0)
                    writer.uint32(/* id 12, wireType 0 =*/96).int32(message.urgency);
                if (message.maxDeferralS != null && $Object.hasOwnProperty.call(message, "maxDeferralS") && message.maxDeferralS !== 0)
                    writer.uint32(/* id 13, wireType 0 =*/104).uint32(message.maxDeferralS);
                if (message.rebootRequired != null && $Object.hasOwnProperty.call(message, "rebootRequired") && message.rebootRequired !== false)
                    writer.uint32(/* id 14, wireType 0 =*/112).bool(message.rebootRequired);
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt") && (typeof message.endOfLifeAt === "object" ? message.endOfLifeAt.low || message.endOfLifeAt.high : message.endOfLifeAt !== 0))
                    writer.uint32(/* id 15, wireType 0 =*/120).int64(message.endOfLifeAt);
                if (message.endOfLifeNotice != null && $Object.hasOwnProperty.call(message, "endOfLifeNotice") && message.endOfLifeNotice !== "")
                    writer.uint32(/* id 16, wireType 2 =*/130).string(message.endOfLifeNotice);
                if (message.sbomSha256 != null && $Object.hasOwnProperty.call(message, "sbomSha256") && message.sbomSha256.length)
                    writer.uint32(/* id 17, wireType 2 =*/138).bytes(message.sbomSha256);
                if (message.sbomFormat != null && $Object.hasOwnProperty.call(message, "sbomFormat") && message.sbomFormat !== "")
                    writer.uint32(/* id 18, wireType 2 =*/146).string(message.sbomFormat);
                if (message.sbomSize != null && $Object.hasOwnProperty.call(message, "sbomSize") && (typeof message.sbomSize === "object" ? message.sbomSize.low || message.sbomSize.high : message.sbomSize !== 0))
                    writer.uint32(/* id 19, wireType 0 =*/152).uint64(message.sbomSize);
                if (message.compressedImage != null && $Object.hasOwnProperty.call(message, "compressedImage"))
                    $root.ota.v1.Delta.encode(message.compressedImage, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Manifest message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.Manifest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.Manifest & ota.v1.Manifest.$Shape} Manifest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Manifest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.Manifest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.format = value;
                            else
                                delete message.format;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.hardwareRevisions && message.hardwareRevisions.length))
                                message.hardwareRevisions = [];
                            message.hardwareRevisions.push(reader.stringVerify());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.securityVersion = value;
                            else
                                delete message.securityVersion;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.sequence = value;
                            else
                                delete message.sequence;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAt = value;
                            else
                                delete message.createdAt;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAt = value;
                            else
                                delete message.expiresAt;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.image = $root.ota.v1.Artifact.decode(reader, reader.size(), $undefined, _depth + 1, message.image);
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if (!(message.deltas && message.deltas.length))
                                message.deltas = [];
                            message.deltas.push($root.ota.v1.Delta.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.releaseNotes = value;
                            else
                                delete message.releaseNotes;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.urgency = value;
                            else
                                delete message.urgency;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.maxDeferralS = value;
                            else
                                delete message.maxDeferralS;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.rebootRequired = value;
                            else
                                delete message.rebootRequired;
                            continue;
                        }
                    case 15: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.endOfLifeAt = value;
                            else
                                delete message.endOfLifeAt;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.endOfLifeNotice = value;
                            else
                                delete message.endOfLifeNotice;
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.sbomSha256 = value;
                            else
                                delete message.sbomSha256;
                            continue;
                        }
                    case 18: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.sbomFormat = value;
                            else
                                delete message.sbomFormat;
                            continue;
                        }
                    case 19: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.sbomSize = value;
                            else
                                delete message.sbomSize;
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            message.compressedImage = $root.ota.v1.Delta.decode(reader, reader.size(), $undefined, _depth + 1, message.compressedImage);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a Manifest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.Manifest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.Manifest} Manifest
             */
            Manifest.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.Manifest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.Manifest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.Manifest();
                if (object.format != null)
                    if ($Number(object.format) !== 0)
                        message.format = object.format >>> 0;
                if (object.model != null)
                    if (typeof object.model !== "string" || object.model.length)
                        message.model = $String(object.model);
                if (object.hardwareRevisions) {
                    if (!$Array.isArray(object.hardwareRevisions))
                        throw $TypeError(".ota.v1.Manifest.hardwareRevisions: array expected");
                    message.hardwareRevisions = $Array(object.hardwareRevisions.length);
                    for (let i = 0; i < object.hardwareRevisions.length; ++i)
                        message.hardwareRevisions[i] = $String(object.hardwareRevisions[i]);
                }
                if (object.version != null)
                    if (typeof object.version !== "string" || object.version.length)
                        message.version = $String(object.version);
                if (object.securityVersion != null)
                    if (typeof object.securityVersion === "object" ? object.securityVersion.low || object.securityVersion.high : $Number(object.securityVersion) !== 0)
                        if ($util.Long)
                            message.securityVersion = $util.Long.fromValue(object.securityVersion, true);
                        else if (typeof object.securityVersion === "string")
                            message.securityVersion = $parseInt(object.securityVersion, 10);
                        else if (typeof object.securityVersion === "number")
                            message.securityVersion = object.securityVersion;
                        else if (typeof object.securityVersion === "object")
                            message.securityVersion = new $util.LongBits(object.securityVersion.low >>> 0, object.securityVersion.high >>> 0).toNumber(true);
                if (object.sequence != null)
                    if (typeof object.sequence === "object" ? object.sequence.low || object.sequence.high : $Number(object.sequence) !== 0)
                        if ($util.Long)
                            message.sequence = $util.Long.fromValue(object.sequence, true);
                        else if (typeof object.sequence === "string")
                            message.sequence = $parseInt(object.sequence, 10);
                        else if (typeof object.sequence === "number")
                            message.sequence = object.sequence;
                        else if (typeof object.sequence === "object")
                            message.sequence = new $util.LongBits(object.sequence.low >>> 0, object.sequence.high >>> 0).toNumber(true);
                if (object.createdAt != null)
                    if (typeof object.createdAt === "object" ? object.createdAt.low || object.createdAt.high : $Number(object.createdAt) !== 0)
                        if ($util.Long)
                            message.createdAt = $util.Long.fromValue(object.createdAt, false);
                        else if (typeof object.createdAt === "string")
                            message.createdAt = $parseInt(object.createdAt, 10);
                        else if (typeof object.createdAt === "number")
                            message.createdAt = object.createdAt;
                        else if (typeof object.createdAt === "object")
                            message.createdAt = new $util.LongBits(object.createdAt.low >>> 0, object.createdAt.high >>> 0).toNumber();
                if (object.expiresAt != null)
                    if (typeof object.expiresAt === "object" ? object.expiresAt.low || object.expiresAt.high : $Number(object.expiresAt) !== 0)
                        if ($util.Long)
                            message.expiresAt = $util.Long.fromValue(object.expiresAt, false);
                        else if (typeof object.expiresAt === "string")
                            message.expiresAt = $parseInt(object.expiresAt, 10);
                        else if (typeof object.expiresAt === "number")
                            message.expiresAt = object.expiresAt;
                        else if (typeof object.expiresAt === "object")
                            message.expiresAt = new $util.LongBits(object.expiresAt.low >>> 0, object.expiresAt.high >>> 0).toNumber();
                if (object.image != null) {
                    if (!$util.isObject(object.image))
                        throw $TypeError(".ota.v1.Manifest.image: object expected");
                    message.image = $root.ota.v1.Artifact.fromObject(object.image, _depth + 1);
                }
                if (object.deltas) {
                    if (!$Array.isArray(object.deltas))
                        throw $TypeError(".ota.v1.Manifest.deltas: array expected");
                    message.deltas = $Array(object.deltas.length);
                    for (let i = 0; i < object.deltas.length; ++i) {
                        if (!$util.isObject(object.deltas[i]))
                            throw $TypeError(".ota.v1.Manifest.deltas: object expected");
                        message.deltas[i] = $root.ota.v1.Delta.fromObject(object.deltas[i], _depth + 1);
                    }
                }
                if (object.releaseNotes != null)
                    if (typeof object.releaseNotes !== "string" || object.releaseNotes.length)
                        message.releaseNotes = $String(object.releaseNotes);
                if (object.urgency !== 0 && (typeof object.urgency !== "string" || $root.ota.v1.Urgency[object.urgency] !== 0))
                    switch (object.urgency) {
                    case "URGENCY_OPTIONAL":
                    case 0:
                        message.urgency = 0;
                        break;
                    case "URGENCY_RECOMMENDED":
                    case 1:
                        message.urgency = 1;
                        break;
                    case "URGENCY_CRITICAL":
                    case 2:
                        message.urgency = 2;
                        break;
                    default:
                        if (typeof object.urgency === "number" && (object.urgency | 0) === object.urgency)
                            message.urgency = object.urgency;
                    }
                if (object.maxDeferralS != null)
                    if ($Number(object.maxDeferralS) !== 0)
                        message.maxDeferralS = object.maxDeferralS >>> 0;
                if (object.rebootRequired != null)
                    if (object.rebootRequired)
                        message.rebootRequired = $Boolean(object.rebootRequired);
                if (object.endOfLifeAt != null)
                    if (typeof object.endOfLifeAt === "object" ? object.endOfLifeAt.low || object.endOfLifeAt.high : $Number(object.endOfLifeAt) !== 0)
                        if ($util.Long)
                            message.endOfLifeAt = $util.Long.fromValue(object.endOfLifeAt, false);
                        else if (typeof object.endOfLifeAt === "string")
                            message.endOfLifeAt = $parseInt(object.endOfLifeAt, 10);
                        else if (typeof object.endOfLifeAt === "number")
                            message.endOfLifeAt = object.endOfLifeAt;
                        else if (typeof object.endOfLifeAt === "object")
                            message.endOfLifeAt = new $util.LongBits(object.endOfLifeAt.low >>> 0, object.endOfLifeAt.high >>> 0).toNumber();
                if (object.endOfLifeNotice != null)
                    if (typeof object.endOfLifeNotice !== "string" || object.endOfLifeNotice.length)
                        message.endOfLifeNotice = $String(object.endOfLifeNotice);
                if (object.sbomSha256 != null)
                    if (object.sbomSha256.length)
                        if (typeof object.sbomSha256 === "string")
                            $util.base64.decode(object.sbomSha256, message.sbomSha256 = $util.newBuffer($util.base64.length(object.sbomSha256)), 0);
                        else if (object.sbomSha256.length >= 0)
                            message.sbomSha256 = object.sbomSha256;
                if (object.sbomFormat != null)
                    if (typeof object.sbomFormat !== "string" || object.sbomFormat.length)
                        message.sbomFormat = $String(object.sbomFormat);
                if (object.sbomSize != null)
                    if (typeof object.sbomSize === "object" ? object.sbomSize.low || object.sbomSize.high : $Number(object.sbomSize) !== 0)
                        if ($util.Long)
                            message.sbomSize = $util.Long.fromValue(object.sbomSize, true);
                        else if (typeof object.sbomSize === "string")
                            message.sbomSize = $parseInt(object.sbomSize, 10);
                        else if (typeof object.sbomSize === "number")
                            message.sbomSize = object.sbomSize;
                        else if (typeof object.sbomSize === "object")
                            message.sbomSize = new $util.LongBits(object.sbomSize.low >>> 0, object.sbomSize.high >>> 0).toNumber(true);
                if (object.compressedImage != null) {
                    if (!$util.isObject(object.compressedImage))
                        throw $TypeError(".ota.v1.Manifest.compressedImage: object expected");
                    message.compressedImage = $root.ota.v1.Delta.fromObject(object.compressedImage, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a Manifest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.Manifest
             * @static
             * @param {ota.v1.Manifest} message Manifest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Manifest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.hardwareRevisions = [];
                    object.deltas = [];
                }
                if (options.defaults) {
                    object.format = 0;
                    object.model = "";
                    object.version = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.securityVersion = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.securityVersion = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sequence = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.sequence = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.createdAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.createdAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.expiresAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.expiresAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.image = null;
                    object.releaseNotes = "";
                    object.urgency = options.enums === $String ? "URGENCY_OPTIONAL" : 0;
                    object.maxDeferralS = 0;
                    object.rebootRequired = false;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.endOfLifeAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.endOfLifeAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.endOfLifeNotice = "";
                    if (options.bytes === $String)
                        object.sbomSha256 = "";
                    else {
                        object.sbomSha256 = [];
                        if (options.bytes !== $Array)
                            object.sbomSha256 = $util.newBuffer(object.sbomSha256);
                    }
                    object.sbomFormat = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sbomSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.sbomSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.compressedImage = null;
                }
                if (message.format != null && $Object.hasOwnProperty.call(message, "format"))
                    object.format = message.format;
                if (message.model != null && $Object.hasOwnProperty.call(message, "model"))
                    object.model = message.model;
                if (message.hardwareRevisions && message.hardwareRevisions.length) {
                    object.hardwareRevisions = $Array(message.hardwareRevisions.length);
                    for (let j = 0; j < message.hardwareRevisions.length; ++j)
                        object.hardwareRevisions[j] = message.hardwareRevisions[j];
                }
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.securityVersion = typeof message.securityVersion === "number" ? $BigInt(message.securityVersion) : $util.Long.fromBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0, true).toBigInt();
                    else if (typeof message.securityVersion === "number")
                        object.securityVersion = options.longs === $String ? $String(message.securityVersion) : message.securityVersion;
                    else
                        object.securityVersion = options.longs === $String ? $util.Long.prototype.toString.call(message.securityVersion) : options.longs === $Number ? new $util.LongBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0).toNumber(true) : message.securityVersion;
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.sequence = typeof message.sequence === "number" ? $BigInt(message.sequence) : $util.Long.fromBits(message.sequence.low >>> 0, message.sequence.high >>> 0, true).toBigInt();
                    else if (typeof message.sequence === "number")
                        object.sequence = options.longs === $String ? $String(message.sequence) : message.sequence;
                    else
                        object.sequence = options.longs === $String ? $util.Long.prototype.toString.call(message.sequence) : options.longs === $Number ? new $util.LongBits(message.sequence.low >>> 0, message.sequence.high >>> 0).toNumber(true) : message.sequence;
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.createdAt = typeof message.createdAt === "number" ? $BigInt(message.createdAt) : $util.Long.fromBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0, false).toBigInt();
                    else if (typeof message.createdAt === "number")
                        object.createdAt = options.longs === $String ? $String(message.createdAt) : message.createdAt;
                    else
                        object.createdAt = options.longs === $String ? $util.Long.prototype.toString.call(message.createdAt) : options.longs === $Number ? new $util.LongBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0).toNumber() : message.createdAt;
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.expiresAt = typeof message.expiresAt === "number" ? $BigInt(message.expiresAt) : $util.Long.fromBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0, false).toBigInt();
                    else if (typeof message.expiresAt === "number")
                        object.expiresAt = options.longs === $String ? $String(message.expiresAt) : message.expiresAt;
                    else
                        object.expiresAt = options.longs === $String ? $util.Long.prototype.toString.call(message.expiresAt) : options.longs === $Number ? new $util.LongBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0).toNumber() : message.expiresAt;
                if (message.image != null && $Object.hasOwnProperty.call(message, "image"))
                    object.image = $root.ota.v1.Artifact.toObject(message.image, options, _depth + 1);
                if (message.deltas && message.deltas.length) {
                    object.deltas = $Array(message.deltas.length);
                    for (let j = 0; j < message.deltas.length; ++j)
                        object.deltas[j] = $root.ota.v1.Delta.toObject(message.deltas[j], options, _depth + 1);
                }
                if (message.releaseNotes != null && $Object.hasOwnProperty.call(message, "releaseNotes"))
                    object.releaseNotes = message.releaseNotes;
                if (message.urgency != null && $Object.hasOwnProperty.call(message, "urgency"))
                    object.urgency = options.enums === $String ? $root.ota.v1.Urgency[message.urgency] === $undefined ? message.urgency : $root.ota.v1.Urgency[message.urgency] : message.urgency;
                if (message.maxDeferralS != null && $Object.hasOwnProperty.call(message, "maxDeferralS"))
                    object.maxDeferralS = message.maxDeferralS;
                if (message.rebootRequired != null && $Object.hasOwnProperty.call(message, "rebootRequired"))
                    object.rebootRequired = message.rebootRequired;
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.endOfLifeAt = typeof message.endOfLifeAt === "number" ? $BigInt(message.endOfLifeAt) : $util.Long.fromBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0, false).toBigInt();
                    else if (typeof message.endOfLifeAt === "number")
                        object.endOfLifeAt = options.longs === $String ? $String(message.endOfLifeAt) : message.endOfLifeAt;
                    else
                        object.endOfLifeAt = options.longs === $String ? $util.Long.prototype.toString.call(message.endOfLifeAt) : options.longs === $Number ? new $util.LongBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0).toNumber() : message.endOfLifeAt;
                if (message.endOfLifeNotice != null && $Object.hasOwnProperty.call(message, "endOfLifeNotice"))
                    object.endOfLifeNotice = message.endOfLifeNotice;
                if (message.sbomSha256 != null && $Object.hasOwnProperty.call(message, "sbomSha256"))
                    object.sbomSha256 = options.bytes === $String ? $util.base64.encode(message.sbomSha256, 0, message.sbomSha256.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.sbomSha256) : message.sbomSha256;
                if (message.sbomFormat != null && $Object.hasOwnProperty.call(message, "sbomFormat"))
                    object.sbomFormat = message.sbomFormat;
                if (message.sbomSize != null && $Object.hasOwnProperty.call(message, "sbomSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.sbomSize = typeof message.sbomSize === "number" ? $BigInt(message.sbomSize) : $util.Long.fromBits(message.sbomSize.low >>> 0, message.sbomSize.high >>> 0, true).toBigInt();
                    else if (typeof message.sbomSize === "number")
                        object.sbomSize = options.longs === $String ? $String(message.sbomSize) : message.sbomSize;
                    else
                        object.sbomSize = options.longs === $String ? $util.Long.prototype.toString.call(message.sbomSize) : options.longs === $Number ? new $util.LongBits(message.sbomSize.low >>> 0, message.sbomSize.high >>> 0).toNumber(true) : message.sbomSize;
                if (message.compressedImage != null && $Object.hasOwnProperty.call(message, "compressedImage"))
                    object.compressedImage = $root.ota.v1.Delta.toObject(message.compressedImage, options, _depth + 1);
                return object;
            };

            /**
             * Converts this Manifest to JSON.
             * @function toJSON
             * @memberof ota.v1.Manifest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Manifest.prototype.toJSON = function() {
                return Manifest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Manifest;
        })();

        v1.ChunkRequest = (function() {

            /**
             * Properties of a ChunkRequest.
             * @typedef {Object} ota.v1.ChunkRequest.$Properties
             * @property {Uint8Array|null} [artifact] ChunkRequest artifact
             * @property {number|null} [base] ChunkRequest base
             * @property {Uint8Array|null} [bitmap] ChunkRequest bitmap
             * @property {boolean|null} [joined] ChunkRequest joined
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ChunkRequest.
             * @memberof ota.v1
             * @interface IChunkRequest
             * @augments ota.v1.ChunkRequest.$Properties
             * @deprecated Use ota.v1.ChunkRequest.$Properties instead.
             */

            /**
             * Shape of a ChunkRequest.
             * @typedef {ota.v1.ChunkRequest.$Properties} ota.v1.ChunkRequest.$Shape
             */

            /**
             * Constructs a new ChunkRequest.
             * @memberof ota.v1
             * @classdesc Represents a ChunkRequest.
             * @constructor
             * @param {ota.v1.ChunkRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ChunkRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ChunkRequest artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.ChunkRequest
             * @instance
             */
            ChunkRequest.prototype.artifact = $util.newBuffer([]);

            /**
             * ChunkRequest base.
             * @member {number} base
             * @memberof ota.v1.ChunkRequest
             * @instance
             */
            ChunkRequest.prototype.base = 0;

            /**
             * ChunkRequest bitmap.
             * @member {Uint8Array} bitmap
             * @memberof ota.v1.ChunkRequest
             * @instance
             */
            ChunkRequest.prototype.bitmap = $util.newBuffer([]);

            /**
             * ChunkRequest joined.
             * @member {boolean} joined
             * @memberof ota.v1.ChunkRequest
             * @instance
             */
            ChunkRequest.prototype.joined = false;

            /**
             * Creates a new ChunkRequest instance using the specified properties.
             * @function create
             * @memberof ota.v1.ChunkRequest
             * @static
             * @param {ota.v1.ChunkRequest.$Properties=} [properties] Properties to set
             * @returns {ota.v1.ChunkRequest} ChunkRequest instance
             * @type {{
             *   (properties: ota.v1.ChunkRequest.$Shape): ota.v1.ChunkRequest & ota.v1.ChunkRequest.$Shape;
             *   (properties?: ota.v1.ChunkRequest.$Properties): ota.v1.ChunkRequest;
             * }}
             */
            ChunkRequest.create = function(properties) {
                return new ChunkRequest(properties);
            };

            /**
             * Encodes the specified ChunkRequest message. Does not implicitly {@link ota.v1.ChunkRequest.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.ChunkRequest
             * @static
             * @param {ota.v1.ChunkRequest.$Properties} message ChunkRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ChunkRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.artifact);
                if (message.base != null && $Object.hasOwnProperty.call(message, "base") && message.base !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.base);
                if (message.bitmap != null && $Object.hasOwnProperty.call(message, "bitmap") && message.bitmap.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.bitmap);
                if (message.joined != null && $Object.hasOwnProperty.call(message, "joined") && message.joined !== false)
                    writer.uint32(/* id 4, wireType 0 =*/32).bool(message.joined);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ChunkRequest message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.ChunkRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.ChunkRequest & ota.v1.ChunkRequest.$Shape} ChunkRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ChunkRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.ChunkRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.base = value;
                            else
                                delete message.base;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.bitmap = value;
                            else
                                delete message.bitmap;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.joined = value;
                            else
                                delete message.joined;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a ChunkRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.ChunkRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.ChunkRequest} ChunkRequest
             */
            ChunkRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.ChunkRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.ChunkRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.ChunkRequest();
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                if (object.base != null)
                    if ($Number(object.base) !== 0)
                        message.base = object.base >>> 0;
                if (object.bitmap != null)
                    if (object.bitmap.length)
                        if (typeof object.bitmap === "string")
                            $util.base64.decode(object.bitmap, message.bitmap = $util.newBuffer($util.base64.length(object.bitmap)), 0);
                        else if (object.bitmap.length >= 0)
                            message.bitmap = object.bitmap;
                if (object.joined != null)
                    if (object.joined)
                        message.joined = $Boolean(object.joined);
                return message;
            };

            /**
             * Creates a plain object from a ChunkRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.ChunkRequest
             * @static
             * @param {ota.v1.ChunkRequest} message ChunkRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ChunkRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                    object.base = 0;
                    if (options.bytes === $String)
                        object.bitmap = "";
                    else {
                        object.bitmap = [];
                        if (options.bytes !== $Array)
                            object.bitmap = $util.newBuffer(object.bitmap);
                    }
                    object.joined = false;
                }
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                if (message.base != null && $Object.hasOwnProperty.call(message, "base"))
                    object.base = message.base;
                if (message.bitmap != null && $Object.hasOwnProperty.call(message, "bitmap"))
                    object.bitmap = options.bytes === $String ? $util.base64.encode(message.bitmap, 0, message.bitmap.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.bitmap) : message.bitmap;
                if (message.joined != null && $Object.hasOwnProperty.call(message, "joined"))
                    object.joined = message.joined;
                return object;
            };

            /**
             * Converts this ChunkRequest to JSON.
             * @function toJSON
             * @memberof ota.v1.ChunkRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ChunkRequest.prototype.toJSON = function() {
                return ChunkRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ChunkRequest;
        })();

        v1.ChunkFrame = (function() {

            /**
             * Properties of a ChunkFrame.
             * @typedef {Object} ota.v1.ChunkFrame.$Properties
             * @property {Uint8Array|null} [artifact] ChunkFrame artifact
             * @property {number|null} [index] ChunkFrame index
             * @property {Uint8Array|null} [data] ChunkFrame data
             * @property {Array.<Uint8Array>|null} [proof] ChunkFrame proof
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ChunkFrame.
             * @memberof ota.v1
             * @interface IChunkFrame
             * @augments ota.v1.ChunkFrame.$Properties
             * @deprecated Use ota.v1.ChunkFrame.$Properties instead.
             */

            /**
             * Shape of a ChunkFrame.
             * @typedef {ota.v1.ChunkFrame.$Properties} ota.v1.ChunkFrame.$Shape
             */

            /**
             * Constructs a new ChunkFrame.
             * @memberof ota.v1
             * @classdesc Represents a ChunkFrame.
             * @constructor
             * @param {ota.v1.ChunkFrame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ChunkFrame = function (properties) {
                this.proof = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ChunkFrame artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.ChunkFrame
             * @instance
             */
            ChunkFrame.prototype.artifact = $util.newBuffer([]);

            /**
             * ChunkFrame index.
             * @member {number} index
             * @memberof ota.v1.ChunkFrame
             * @instance
             */
            ChunkFrame.prototype.index = 0;

            /**
             * ChunkFrame data.
             * @member {Uint8Array} data
             * @memberof ota.v1.ChunkFrame
             * @instance
             */
            ChunkFrame.prototype.data = $util.newBuffer([]);

            /**
             * ChunkFrame proof.
             * @member {Array.<Uint8Array>} proof
             * @memberof ota.v1.ChunkFrame
             * @instance
             */
            ChunkFrame.prototype.proof = $util.emptyArray;

            /**
             * Creates a new ChunkFrame instance using the specified properties.
             * @function create
             * @memberof ota.v1.ChunkFrame
             * @static
             * @param {ota.v1.ChunkFrame.$Properties=} [properties] Properties to set
             * @returns {ota.v1.ChunkFrame} ChunkFrame instance
             * @type {{
             *   (properties: ota.v1.ChunkFrame.$Shape): ota.v1.ChunkFrame & ota.v1.ChunkFrame.$Shape;
             *   (properties?: ota.v1.ChunkFrame.$Properties): ota.v1.ChunkFrame;
             * }}
             */
            ChunkFrame.create = function(properties) {
                return new ChunkFrame(properties);
            };

            /**
             * Encodes the specified ChunkFrame message. Does not implicitly {@link ota.v1.ChunkFrame.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.ChunkFrame
             * @static
             * @param {ota.v1.ChunkFrame.$Properties} message ChunkFrame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ChunkFrame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.artifact);
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.index);
                if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.data);
                if (message.proof != null && message.proof.length)
                    for (let i = 0; i < message.proof.length; ++i)
                        writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.proof[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ChunkFrame message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.ChunkFrame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.ChunkFrame & ota.v1.ChunkFrame.$Shape} ChunkFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ChunkFrame.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.ChunkFrame();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.data = value;
                            else
                                delete message.data;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.proof && message.proof.length))
                                message.proof = [];
                            message.proof.push(reader.bytes());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a ChunkFrame message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.ChunkFrame
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.ChunkFrame} ChunkFrame
             */
            ChunkFrame.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.ChunkFrame)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.ChunkFrame: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.ChunkFrame();
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                if (object.index != null)
                    if ($Number(object.index) !== 0)
                        message.index = object.index >>> 0;
                if (object.data != null)
                    if (object.data.length)
                        if (typeof object.data === "string")
                            $util.base64.decode(object.data, message.data = $util.newBuffer($util.base64.length(object.data)), 0);
                        else if (object.data.length >= 0)
                            message.data = object.data;
                if (object.proof) {
                    if (!$Array.isArray(object.proof))
                        throw $TypeError(".ota.v1.ChunkFrame.proof: array expected");
                    message.proof = $Array(object.proof.length);
                    for (let i = 0; i < object.proof.length; ++i)
                        if (typeof object.proof[i] === "string")
                            $util.base64.decode(object.proof[i], message.proof[i] = $util.newBuffer($util.base64.length(object.proof[i])), 0);
                        else if (object.proof[i].length >= 0)
                            message.proof[i] = object.proof[i];
                }
                return message;
            };

            /**
             * Creates a plain object from a ChunkFrame message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.ChunkFrame
             * @static
             * @param {ota.v1.ChunkFrame} message ChunkFrame
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ChunkFrame.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.proof = [];
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                    object.index = 0;
                    if (options.bytes === $String)
                        object.data = "";
                    else {
                        object.data = [];
                        if (options.bytes !== $Array)
                            object.data = $util.newBuffer(object.data);
                    }
                }
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    object.index = message.index;
                if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                    object.data = options.bytes === $String ? $util.base64.encode(message.data, 0, message.data.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.data) : message.data;
                if (message.proof && message.proof.length) {
                    object.proof = $Array(message.proof.length);
                    for (let j = 0; j < message.proof.length; ++j)
                        object.proof[j] = options.bytes === $String ? $util.base64.encode(message.proof[j], 0, message.proof[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.proof[j]) : message.proof[j];
                }
                return object;
            };

            /**
             * Converts this ChunkFrame to JSON.
             * @function toJSON
             * @memberof ota.v1.ChunkFrame
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ChunkFrame.prototype.toJSON = function() {
                return ChunkFrame.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ChunkFrame;
        })();

        v1.ErrorFrame = (function() {

            /**
             * Properties of an ErrorFrame.
             * @typedef {Object} ota.v1.ErrorFrame.$Properties
             * @property {Uint8Array|null} [artifact] ErrorFrame artifact
             * @property {string|null} [code] ErrorFrame code
             * @property {string|null} [detail] ErrorFrame detail
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ErrorFrame.
             * @memberof ota.v1
             * @interface IErrorFrame
             * @augments ota.v1.ErrorFrame.$Properties
             * @deprecated Use ota.v1.ErrorFrame.$Properties instead.
             */

            /**
             * Shape of an ErrorFrame.
             * @typedef {ota.v1.ErrorFrame.$Properties} ota.v1.ErrorFrame.$Shape
             */

            /**
             * Constructs a new ErrorFrame.
             * @memberof ota.v1
             * @classdesc Represents an ErrorFrame.
             * @constructor
             * @param {ota.v1.ErrorFrame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ErrorFrame = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ErrorFrame artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.ErrorFrame
             * @instance
             */
            ErrorFrame.prototype.artifact = $util.newBuffer([]);

            /**
             * ErrorFrame code.
             * @member {string} code
             * @memberof ota.v1.ErrorFrame
             * @instance
             */
            ErrorFrame.prototype.code = "";

            /**
             * ErrorFrame detail.
             * @member {string} detail
             * @memberof ota.v1.ErrorFrame
             * @instance
             */
            ErrorFrame.prototype.detail = "";

            /**
             * Creates a new ErrorFrame instance using the specified properties.
             * @function create
             * @memberof ota.v1.ErrorFrame
             * @static
             * @param {ota.v1.ErrorFrame.$Properties=} [properties] Properties to set
             * @returns {ota.v1.ErrorFrame} ErrorFrame instance
             * @type {{
             *   (properties: ota.v1.ErrorFrame.$Shape): ota.v1.ErrorFrame & ota.v1.ErrorFrame.$Shape;
             *   (properties?: ota.v1.ErrorFrame.$Properties): ota.v1.ErrorFrame;
             * }}
             */
            ErrorFrame.create = function(properties) {
                return new ErrorFrame(properties);
            };

            /**
             * Encodes the specified ErrorFrame message. Does not implicitly {@link ota.v1.ErrorFrame.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.ErrorFrame
             * @static
             * @param {ota.v1.ErrorFrame.$Properties} message ErrorFrame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ErrorFrame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.artifact);
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.code);
                if (message.detail != null && $Object.hasOwnProperty.call(message, "detail") && message.detail !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.detail);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ErrorFrame message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.ErrorFrame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.ErrorFrame & ota.v1.ErrorFrame.$Shape} ErrorFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ErrorFrame.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.ErrorFrame();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.detail = value;
                            else
                                delete message.detail;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an ErrorFrame message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.ErrorFrame
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.ErrorFrame} ErrorFrame
             */
            ErrorFrame.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.ErrorFrame)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.ErrorFrame: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.ErrorFrame();
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                if (object.code != null)
                    if (typeof object.code !== "string" || object.code.length)
                        message.code = $String(object.code);
                if (object.detail != null)
                    if (typeof object.detail !== "string" || object.detail.length)
                        message.detail = $String(object.detail);
                return message;
            };

            /**
             * Creates a plain object from an ErrorFrame message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.ErrorFrame
             * @static
             * @param {ota.v1.ErrorFrame} message ErrorFrame
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ErrorFrame.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                    object.code = "";
                    object.detail = "";
                }
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                    object.code = message.code;
                if (message.detail != null && $Object.hasOwnProperty.call(message, "detail"))
                    object.detail = message.detail;
                return object;
            };

            /**
             * Converts this ErrorFrame to JSON.
             * @function toJSON
             * @memberof ota.v1.ErrorFrame
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ErrorFrame.prototype.toJSON = function() {
                return ErrorFrame.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ErrorFrame;
        })();

        v1.DataFrame = (function() {

            /**
             * Properties of a DataFrame.
             * @typedef {Object} ota.v1.DataFrame.$Properties
             * @property {ota.v1.ChunkFrame.$Properties|null} [chunk] DataFrame chunk
             * @property {ota.v1.ErrorFrame.$Properties|null} [error] DataFrame error
             * @property {"chunk"|"error"} [kind] DataFrame kind
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DataFrame.
             * @memberof ota.v1
             * @interface IDataFrame
             * @augments ota.v1.DataFrame.$Properties
             * @deprecated Use ota.v1.DataFrame.$Properties instead.
             */

            /**
             * Narrowed shape of a DataFrame.
             * @typedef {{
             *   chunk?: ota.v1.ChunkFrame.$Shape|null;
             *   error?: ota.v1.ErrorFrame.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ kind?: undefined; chunk?: null; error?: null }|{ kind?: "chunk"; chunk: ota.v1.ChunkFrame.$Shape; error?: null }|{ kind?: "error"; chunk?: null; error: ota.v1.ErrorFrame.$Shape })
             * )} ota.v1.DataFrame.$Shape
             */

            /**
             * Constructs a new DataFrame.
             * @memberof ota.v1
             * @classdesc Represents a DataFrame.
             * @constructor
             * @param {ota.v1.DataFrame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DataFrame = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DataFrame chunk.
             * @member {ota.v1.ChunkFrame.$Properties|null|undefined} chunk
             * @memberof ota.v1.DataFrame
             * @instance
             */
            DataFrame.prototype.chunk = null;

            /**
             * DataFrame error.
             * @member {ota.v1.ErrorFrame.$Properties|null|undefined} error
             * @memberof ota.v1.DataFrame
             * @instance
             */
            DataFrame.prototype.error = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * DataFrame kind.
             * @member {"chunk"|"error"|undefined} kind
             * @memberof ota.v1.DataFrame
             * @instance
             */
            $Object.defineProperty(DataFrame.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["chunk", "error"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new DataFrame instance using the specified properties.
             * @function create
             * @memberof ota.v1.DataFrame
             * @static
             * @param {ota.v1.DataFrame.$Properties=} [properties] Properties to set
             * @returns {ota.v1.DataFrame} DataFrame instance
             * @type {{
             *   (properties: ota.v1.DataFrame.$Shape): ota.v1.DataFrame & ota.v1.DataFrame.$Shape;
             *   (properties?: ota.v1.DataFrame.$Properties): ota.v1.DataFrame;
             * }}
             */
            DataFrame.create = function(properties) {
                return new DataFrame(properties);
            };

            /**
             * Encodes the specified DataFrame message. Does not implicitly {@link ota.v1.DataFrame.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.DataFrame
             * @static
             * @param {ota.v1.DataFrame.$Properties} message DataFrame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DataFrame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.chunk != null && $Object.hasOwnProperty.call(message, "chunk"))
                    $root.ota.v1.ChunkFrame.encode(message.chunk, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.ota.v1.ErrorFrame.encode(message.error, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a DataFrame message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.DataFrame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.DataFrame & ota.v1.DataFrame.$Shape} DataFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DataFrame.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.DataFrame();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.chunk = $root.ota.v1.ChunkFrame.decode(reader, reader.size(), $undefined, _depth + 1, message.chunk);
                            message.kind = "chunk";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.ota.v1.ErrorFrame.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            message.kind = "error";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a DataFrame message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.DataFrame
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.DataFrame} DataFrame
             */
            DataFrame.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.DataFrame)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.DataFrame: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.DataFrame();
                if (object.chunk != null) {
                    if (!$util.isObject(object.chunk))
                        throw $TypeError(".ota.v1.DataFrame.chunk: object expected");
                    message.chunk = $root.ota.v1.ChunkFrame.fromObject(object.chunk, _depth + 1);
                }
                if (object.error != null) {
                    if (!$util.isObject(object.error))
                        throw $TypeError(".ota.v1.DataFrame.error: object expected");
                    message.error = $root.ota.v1.ErrorFrame.fromObject(object.error, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a DataFrame message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.DataFrame
             * @static
             * @param {ota.v1.DataFrame} message DataFrame
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DataFrame.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (message.chunk != null && $Object.hasOwnProperty.call(message, "chunk")) {
                    object.chunk = $root.ota.v1.ChunkFrame.toObject(message.chunk, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "chunk";
                }
                if (message.error != null && $Object.hasOwnProperty.call(message, "error")) {
                    object.error = $root.ota.v1.ErrorFrame.toObject(message.error, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "error";
                }
                return object;
            };

            /**
             * Converts this DataFrame to JSON.
             * @function toJSON
             * @memberof ota.v1.DataFrame
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DataFrame.prototype.toJSON = function() {
                return DataFrame.toObject(this, $protobuf.util.toJSONOptions);
            };

            return DataFrame;
        })();

        /**
         * State enum.
         * @name ota.v1.State
         * @enum {number}
         * @property {number} STATE_UNSPECIFIED=0 STATE_UNSPECIFIED value
         * @property {number} STATE_IDLE=1 STATE_IDLE value
         * @property {number} STATE_OFFERED=2 STATE_OFFERED value
         * @property {number} STATE_DEFERRED=3 STATE_DEFERRED value
         * @property {number} STATE_DOWNLOADING=4 STATE_DOWNLOADING value
         * @property {number} STATE_DOWNLOADED=5 STATE_DOWNLOADED value
         * @property {number} STATE_VERIFIED=6 STATE_VERIFIED value
         * @property {number} STATE_INSTALLING=7 STATE_INSTALLING value
         * @property {number} STATE_REBOOTING=8 STATE_REBOOTING value
         * @property {number} STATE_TRIAL=9 STATE_TRIAL value
         * @property {number} STATE_CONFIRMED=10 STATE_CONFIRMED value
         * @property {number} STATE_REVERTED=11 STATE_REVERTED value
         * @property {number} STATE_FAILED=12 STATE_FAILED value
         * @property {number} STATE_REJECTED=13 STATE_REJECTED value
         */
        v1.State = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "STATE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "STATE_IDLE"] = 1;
            values[valuesById[2] = "STATE_OFFERED"] = 2;
            values[valuesById[3] = "STATE_DEFERRED"] = 3;
            values[valuesById[4] = "STATE_DOWNLOADING"] = 4;
            values[valuesById[5] = "STATE_DOWNLOADED"] = 5;
            values[valuesById[6] = "STATE_VERIFIED"] = 6;
            values[valuesById[7] = "STATE_INSTALLING"] = 7;
            values[valuesById[8] = "STATE_REBOOTING"] = 8;
            values[valuesById[9] = "STATE_TRIAL"] = 9;
            values[valuesById[10] = "STATE_CONFIRMED"] = 10;
            values[valuesById[11] = "STATE_REVERTED"] = 11;
            values[valuesById[12] = "STATE_FAILED"] = 12;
            values[valuesById[13] = "STATE_REJECTED"] = 13;
            return values;
        })();

        /**
         * SupportStatus enum.
         * @name ota.v1.SupportStatus
         * @enum {number}
         * @property {number} SUPPORT_UNKNOWN=0 SUPPORT_UNKNOWN value
         * @property {number} SUPPORT_SUPPORTED=1 SUPPORT_SUPPORTED value
         * @property {number} SUPPORT_ENDING=2 SUPPORT_ENDING value
         * @property {number} SUPPORT_ENDED=3 SUPPORT_ENDED value
         */
        v1.SupportStatus = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SUPPORT_UNKNOWN"] = 0;
            values[valuesById[1] = "SUPPORT_SUPPORTED"] = 1;
            values[valuesById[2] = "SUPPORT_ENDING"] = 2;
            values[valuesById[3] = "SUPPORT_ENDED"] = 3;
            return values;
        })();

        v1.StatusEvent = (function() {

            /**
             * Properties of a StatusEvent.
             * @typedef {Object} ota.v1.StatusEvent.$Properties
             * @property {string|null} [deviceId] StatusEvent deviceId
             * @property {ota.v1.State|null} [state] StatusEvent state
             * @property {number|null} [result] StatusEvent result
             * @property {string|null} [currentVersion] StatusEvent currentVersion
             * @property {string|null} [targetVersion] StatusEvent targetVersion
             * @property {number|null} [time] StatusEvent time
             * @property {string|null} [detail] StatusEvent detail
             * @property {string|null} [errorCode] StatusEvent errorCode
             * @property {Uint8Array|null} [artifact] StatusEvent artifact
             * @property {number|null} [bytesReceived] StatusEvent bytesReceived
             * @property {number|null} [bytesTotal] StatusEvent bytesTotal
             * @property {number|null} [securityVersion] StatusEvent securityVersion
             * @property {string|null} [model] StatusEvent model
             * @property {number|null} [receivedAt] StatusEvent receivedAt
             * @property {string|null} [slot] StatusEvent slot
             * @property {string|null} [previousVersion] StatusEvent previousVersion
             * @property {string|null} [hardwareRevision] StatusEvent hardwareRevision
             * @property {ota.v1.SupportStatus|null} [support] StatusEvent support
             * @property {number|null} [endOfLifeAt] StatusEvent endOfLifeAt
             * @property {Uint8Array|null} [sbomSha256] StatusEvent sbomSha256
             * @property {number|null} [deferredUntil] StatusEvent deferredUntil
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a StatusEvent.
             * @memberof ota.v1
             * @interface IStatusEvent
             * @augments ota.v1.StatusEvent.$Properties
             * @deprecated Use ota.v1.StatusEvent.$Properties instead.
             */

            /**
             * Shape of a StatusEvent.
             * @typedef {ota.v1.StatusEvent.$Properties} ota.v1.StatusEvent.$Shape
             */

            /**
             * Constructs a new StatusEvent.
             * @memberof ota.v1
             * @classdesc Represents a StatusEvent.
             * @constructor
             * @param {ota.v1.StatusEvent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const StatusEvent = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * StatusEvent deviceId.
             * @member {string} deviceId
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.deviceId = "";

            /**
             * StatusEvent state.
             * @member {ota.v1.State} state
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.state = 0;

            /**
             * StatusEvent result.
             * @member {number} result
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.result = 0;

            /**
             * StatusEvent currentVersion.
             * @member {string} currentVersion
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.currentVersion = "";

            /**
             * StatusEvent targetVersion.
             * @member {string} targetVersion
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.targetVersion = "";

            /**
             * StatusEvent time.
             * @member {number} time
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.time = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * StatusEvent detail.
             * @member {string} detail
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.detail = "";

            /**
             * StatusEvent errorCode.
             * @member {string} errorCode
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.errorCode = "";

            /**
             * StatusEvent artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.artifact = $util.newBuffer([]);

            /**
             * StatusEvent bytesReceived.
             * @member {number} bytesReceived
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.bytesReceived = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatusEvent bytesTotal.
             * @member {number} bytesTotal
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.bytesTotal = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatusEvent securityVersion.
             * @member {number} securityVersion
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.securityVersion = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * StatusEvent model.
             * @member {string} model
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.model = "";

            /**
             * StatusEvent receivedAt.
             * @member {number} receivedAt
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.receivedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * StatusEvent slot.
             * @member {string} slot
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.slot = "";

            /**
             * StatusEvent previousVersion.
             * @member {string} previousVersion
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.previousVersion = "";

            /**
             * StatusEvent hardwareRevision.
             * @member {string} hardwareRevision
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.hardwareRevision = "";

            /**
             * StatusEvent support.
             * @member {ota.v1.SupportStatus} support
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.support = 0;

            /**
             * StatusEvent endOfLifeAt.
             * @member {number} endOfLifeAt
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.endOfLifeAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * StatusEvent sbomSha256.
             * @member {Uint8Array} sbomSha256
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.sbomSha256 = $util.newBuffer([]);

            /**
             * StatusEvent deferredUntil.
             * @member {number} deferredUntil
             * @memberof ota.v1.StatusEvent
             * @instance
             */
            StatusEvent.prototype.deferredUntil = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new StatusEvent instance using the specified properties.
             * @function create
             * @memberof ota.v1.StatusEvent
             * @static
             * @param {ota.v1.StatusEvent.$Properties=} [properties] Properties to set
             * @returns {ota.v1.StatusEvent} StatusEvent instance
             * @type {{
             *   (properties: ota.v1.StatusEvent.$Shape): ota.v1.StatusEvent & ota.v1.StatusEvent.$Shape;
             *   (properties?: ota.v1.StatusEvent.$Properties): ota.v1.StatusEvent;
             * }}
             */
            StatusEvent.create = function(properties) {
                return new StatusEvent(properties);
            };

            /**
             * Encodes the specified StatusEvent message. Does not implicitly {@link ota.v1.StatusEvent.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.StatusEvent
             * @static
             * @param {ota.v1.StatusEvent.$Properties} message StatusEvent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StatusEvent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.deviceId);
                if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.state);
                if (message.result != null && $Object.hasOwnProperty.call(message, "result") && message.result !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.result);
                if (message.currentVersion != null && $Object.hasOwnProperty.call(message, "currentVersion") && message.currentVersion !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.currentVersion);
                if (message.targetVersion != null && $Object.hasOwnProperty.call(message, "targetVersion") && message.targetVersion !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.targetVersion);
                if (message.time != null && $Object.hasOwnProperty.call(message, "time") && (typeof message.time === "object" ? message.time.low || message.time.high : message.time !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.time);
                if (message.detail != null && $Object.hasOwnProperty.call(message, "detail") && message.detail !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.detail);
                if (message.errorCode != null && $Object.hasOwnProperty.call(message, "errorCode") && message.errorCode !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.errorCode);
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 9, wireType 2 =*/74).bytes(message.artifact);
                if (message.bytesReceived != null && $Object.hasOwnProperty.call(message, "bytesReceived") && (typeof message.bytesReceived === "object" ? message.bytesReceived.low || message.bytesReceived.high : message.bytesReceived !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.bytesReceived);
                if (message.bytesTotal != null && $Object.hasOwnProperty.call(message, "bytesTotal") && (typeof message.bytesTotal === "object" ? message.bytesTotal.low || message.bytesTotal.high : message.bytesTotal !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.bytesTotal);
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion") && (typeof message.securityVersion === "object" ? message.securityVersion.low || message.securityVersion.high : message.securityVersion !== 0))
                    writer.uint32(/* id 12, wireType 0 =*/96).uint64(message.securityVersion);
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 13, wireType 2 =*/106).string(message.model);
                if (message.receivedAt != null && $Object.hasOwnProperty.call(message, "receivedAt") && (typeof message.receivedAt === "object" ? message.receivedAt.low || message.receivedAt.high : message.receivedAt !== 0))
                    writer.uint32(/* id 14, wireType 0 =*/112).int64(message.receivedAt);
                if (message.slot != null && $Object.hasOwnProperty.call(message, "slot") && message.slot !== "")
                    writer.uint32(/* id 15, wireType 2 =*/122).string(message.slot);
                if (message.previousVersion != null && $Object.hasOwnProperty.call(message, "previousVersion") && message.previousVersion !== "")
                    writer.uint32(/* id 16, wireType 2 =*/130).string(message.previousVersion);
                if (message.hardwareRevision != null && $Object.hasOwnProperty.call(message, "hardwareRevision") && message.hardwareRevision !== "")
                    writer.uint32(/* id 17, wireType 2 =*/138).string(message.hardwareRevision);
                if (message.support != null && $Object.hasOwnProperty.call(message, "support") && message.support !== 0)
                    writer.uint32(/* id 18, wireType 0 =*/144).int32(message.support);
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt") && (typeof message.endOfLifeAt === "object" ? message.endOfLifeAt.low || message.endOfLifeAt.high : message.endOfLifeAt !== 0))
                    writer.uint32(/* id 19, wireType 0 =*/152).int64(message.endOfLifeAt);
                if (message.sbomSha256 != null && $Object.hasOwnProperty.call(message, "sbomSha256") && message.sbomSha256.length)
                    writer.uint32(/* id 20, wireType 2 =*/162).bytes(message.sbomSha256);
                if (message.deferredUntil != null && $Object.hasOwnProperty.call(message, "deferredUntil") && (typeof message.deferredUntil === "object" ? message.deferredUntil.low || message.deferredUntil.high : message.deferredUntil !== 0))
                    writer.uint32(/* id 21, wireType 0 =*/168).int64(message.deferredUntil);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a StatusEvent message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.StatusEvent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.StatusEvent & ota.v1.StatusEvent.$Shape} StatusEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StatusEvent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.StatusEvent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.state = value;
                            else
                                delete message.state;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.result = value;
                            else
                                delete message.result;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.currentVersion = value;
                            else
                                delete message.currentVersion;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.targetVersion = value;
                            else
                                delete message.targetVersion;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.time = value;
                            else
                                delete message.time;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.detail = value;
                            else
                                delete message.detail;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.errorCode = value;
                            else
                                delete message.errorCode;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.bytesReceived = value;
                            else
                                delete message.bytesReceived;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.bytesTotal = value;
                            else
                                delete message.bytesTotal;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.securityVersion = value;
                            else
                                delete message.securityVersion;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.receivedAt = value;
                            else
                                delete message.receivedAt;
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.slot = value;
                            else
                                delete message.slot;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.previousVersion = value;
                            else
                                delete message.previousVersion;
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.hardwareRevision = value;
                            else
                                delete message.hardwareRevision;
                            continue;
                        }
                    case 18: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.support = value;
                            else
                                delete message.support;
                            continue;
                        }
                    case 19: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.endOfLifeAt = value;
                            else
                                delete message.endOfLifeAt;
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.sbomSha256 = value;
                            else
                                delete message.sbomSha256;
                            continue;
                        }
                    case 21: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.deferredUntil = value;
                            else
                                delete message.deferredUntil;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a StatusEvent message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.StatusEvent
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.StatusEvent} StatusEvent
             */
            StatusEvent.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.StatusEvent)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.StatusEvent: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.StatusEvent();
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                if (object.state !== 0 && (typeof object.state !== "string" || $root.ota.v1.State[object.state] !== 0))
                    switch (object.state) {
                    case "STATE_UNSPECIFIED":
                    case 0:
                        message.state = 0;
                        break;
                    case "STATE_IDLE":
                    case 1:
                        message.state = 1;
                        break;
                    case "STATE_OFFERED":
                    case 2:
                        message.state = 2;
                        break;
                    case "STATE_DEFERRED":
                    case 3:
                        message.state = 3;
                        break;
                    case "STATE_DOWNLOADING":
                    case 4:
                        message.state = 4;
                        break;
                    case "STATE_DOWNLOADED":
                    case 5:
                        message.state = 5;
                        break;
                    case "STATE_VERIFIED":
                    case 6:
                        message.state = 6;
                        break;
                    case "STATE_INSTALLING":
                    case 7:
                        message.state = 7;
                        break;
                    case "STATE_REBOOTING":
                    case 8:
                        message.state = 8;
                        break;
                    case "STATE_TRIAL":
                    case 9:
                        message.state = 9;
                        break;
                    case "STATE_CONFIRMED":
                    case 10:
                        message.state = 10;
                        break;
                    case "STATE_REVERTED":
                    case 11:
                        message.state = 11;
                        break;
                    case "STATE_FAILED":
                    case 12:
                        message.state = 12;
                        break;
                    case "STATE_REJECTED":
                    case 13:
                        message.state = 13;
                        break;
                    default:
                        if (typeof object.state === "number" && (object.state | 0) === object.state)
                            message.state = object.state;
                    }
                if (object.result != null)
                    if ($Number(object.result) !== 0)
                        message.result = object.result >>> 0;
                if (object.currentVersion != null)
                    if (typeof object.currentVersion !== "string" || object.currentVersion.length)
                        message.currentVersion = $String(object.currentVersion);
                if (object.targetVersion != null)
                    if (typeof object.targetVersion !== "string" || object.targetVersion.length)
                        message.targetVersion = $String(object.targetVersion);
                if (object.time != null)
                    if (typeof object.time === "object" ? object.time.low || object.time.high : $Number(object.time) !== 0)
                        if ($util.Long)
                            message.time = $util.Long.fromValue(object.time, false);
                        else if (typeof object.time === "string")
                            message.time = $parseInt(object.time, 10);
                        else if (typeof object.time === "number")
                            message.time = object.time;
                        else if (typeof object.time === "object")
                            message.time = new $util.LongBits(object.time.low >>> 0, object.time.high >>> 0).toNumber();
                if (object.detail != null)
                    if (typeof object.detail !== "string" || object.detail.length)
                        message.detail = $String(object.detail);
                if (object.errorCode != null)
                    if (typeof object.errorCode !== "string" || object.errorCode.length)
                        message.errorCode = $String(object.errorCode);
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                if (object.bytesReceived != null)
                    if (typeof object.bytesReceived === "object" ? object.bytesReceived.low || object.bytesReceived.high : $Number(object.bytesReceived) !== 0)
                        if ($util.Long)
                            message.bytesReceived = $util.Long.fromValue(object.bytesReceived, true);
                        else if (typeof object.bytesReceived === "string")
                            message.bytesReceived = $parseInt(object.bytesReceived, 10);
                        else if (typeof object.bytesReceived === "number")
                            message.bytesReceived = object.bytesReceived;
                        else if (typeof object.bytesReceived === "object")
                            message.bytesReceived = new $util.LongBits(object.bytesReceived.low >>> 0, object.bytesReceived.high >>> 0).toNumber(true);
                if (object.bytesTotal != null)
                    if (typeof object.bytesTotal === "object" ? object.bytesTotal.low || object.bytesTotal.high : $Number(object.bytesTotal) !== 0)
                        if ($util.Long)
                            message.bytesTotal = $util.Long.fromValue(object.bytesTotal, true);
                        else if (typeof object.bytesTotal === "string")
                            message.bytesTotal = $parseInt(object.bytesTotal, 10);
                        else if (typeof object.bytesTotal === "number")
                            message.bytesTotal = object.bytesTotal;
                        else if (typeof object.bytesTotal === "object")
                            message.bytesTotal = new $util.LongBits(object.bytesTotal.low >>> 0, object.bytesTotal.high >>> 0).toNumber(true);
                if (object.securityVersion != null)
                    if (typeof object.securityVersion === "object" ? object.securityVersion.low || object.securityVersion.high : $Number(object.securityVersion) !== 0)
                        if ($util.Long)
                            message.securityVersion = $util.Long.fromValue(object.securityVersion, true);
                        else if (typeof object.securityVersion === "string")
                            message.securityVersion = $parseInt(object.securityVersion, 10);
                        else if (typeof object.securityVersion === "number")
                            message.securityVersion = object.securityVersion;
                        else if (typeof object.securityVersion === "object")
                            message.securityVersion = new $util.LongBits(object.securityVersion.low >>> 0, object.securityVersion.high >>> 0).toNumber(true);
                if (object.model != null)
                    if (typeof object.model !== "string" || object.model.length)
                        message.model = $String(object.model);
                if (object.receivedAt != null)
                    if (typeof object.receivedAt === "object" ? object.receivedAt.low || object.receivedAt.high : $Number(object.receivedAt) !== 0)
                        if ($util.Long)
                            message.receivedAt = $util.Long.fromValue(object.receivedAt, false);
                        else if (typeof object.receivedAt === "string")
                            message.receivedAt = $parseInt(object.receivedAt, 10);
                        else if (typeof object.receivedAt === "number")
                            message.receivedAt = object.receivedAt;
                        else if (typeof object.receivedAt === "object")
                            message.receivedAt = new $util.LongBits(object.receivedAt.low >>> 0, object.receivedAt.high >>> 0).toNumber();
                if (object.slot != null)
                    if (typeof object.slot !== "string" || object.slot.length)
                        message.slot = $String(object.slot);
                if (object.previousVersion != null)
                    if (typeof object.previousVersion !== "string" || object.previousVersion.length)
                        message.previousVersion = $String(object.previousVersion);
                if (object.hardwareRevision != null)
                    if (typeof object.hardwareRevision !== "string" || object.hardwareRevision.length)
                        message.hardwareRevision = $String(object.hardwareRevision);
                if (object.support !== 0 && (typeof object.support !== "string" || $root.ota.v1.SupportStatus[object.support] !== 0))
                    switch (object.support) {
                    case "SUPPORT_UNKNOWN":
                    case 0:
                        message.support = 0;
                        break;
                    case "SUPPORT_SUPPORTED":
                    case 1:
                        message.support = 1;
                        break;
                    case "SUPPORT_ENDING":
                    case 2:
                        message.support = 2;
                        break;
                    case "SUPPORT_ENDED":
                    case 3:
                        message.support = 3;
                        break;
                    default:
                        if (typeof object.support === "number" && (object.support | 0) === object.support)
                            message.support = object.support;
                    }
                if (object.endOfLifeAt != null)
                    if (typeof object.endOfLifeAt === "object" ? object.endOfLifeAt.low || object.endOfLifeAt.high : $Number(object.endOfLifeAt) !== 0)
                        if ($util.Long)
                            message.endOfLifeAt = $util.Long.fromValue(object.endOfLifeAt, false);
                        else if (typeof object.endOfLifeAt === "string")
                            message.endOfLifeAt = $parseInt(object.endOfLifeAt, 10);
                        else if (typeof object.endOfLifeAt === "number")
                            message.endOfLifeAt = object.endOfLifeAt;
                        else if (typeof object.endOfLifeAt === "object")
                            message.endOfLifeAt = new $util.LongBits(object.endOfLifeAt.low >>> 0, object.endOfLifeAt.high >>> 0).toNumber();
                if (object.sbomSha256 != null)
                    if (object.sbomSha256.length)
                        if (typeof object.sbomSha256 === "string")
                            $util.base64.decode(object.sbomSha256, message.sbomSha256 = $util.newBuffer($util.base64.length(object.sbomSha256)), 0);
                        else if (object.sbomSha256.length >= 0)
                            message.sbomSha256 = object.sbomSha256;
                if (object.deferredUntil != null)
                    if (typeof object.deferredUntil === "object" ? object.deferredUntil.low || object.deferredUntil.high : $Number(object.deferredUntil) !== 0)
                        if ($util.Long)
                            message.deferredUntil = $util.Long.fromValue(object.deferredUntil, false);
                        else if (typeof object.deferredUntil === "string")
                            message.deferredUntil = $parseInt(object.deferredUntil, 10);
                        else if (typeof object.deferredUntil === "number")
                            message.deferredUntil = object.deferredUntil;
                        else if (typeof object.deferredUntil === "object")
                            message.deferredUntil = new $util.LongBits(object.deferredUntil.low >>> 0, object.deferredUntil.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a StatusEvent message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.StatusEvent
             * @static
             * @param {ota.v1.StatusEvent} message StatusEvent
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            StatusEvent.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.deviceId = "";
                    object.state = options.enums === $String ? "STATE_UNSPECIFIED" : 0;
                    object.result = 0;
                    object.currentVersion = "";
                    object.targetVersion = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.time = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.time = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.detail = "";
                    object.errorCode = "";
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.bytesReceived = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.bytesReceived = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.bytesTotal = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.bytesTotal = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.securityVersion = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.securityVersion = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.model = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.receivedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.receivedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.slot = "";
                    object.previousVersion = "";
                    object.hardwareRevision = "";
                    object.support = options.enums === $String ? "SUPPORT_UNKNOWN" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.endOfLifeAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.endOfLifeAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.sbomSha256 = "";
                    else {
                        object.sbomSha256 = [];
                        if (options.bytes !== $Array)
                            object.sbomSha256 = $util.newBuffer(object.sbomSha256);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.deferredUntil = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.deferredUntil = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    object.state = options.enums === $String ? $root.ota.v1.State[message.state] === $undefined ? message.state : $root.ota.v1.State[message.state] : message.state;
                if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                    object.result = message.result;
                if (message.currentVersion != null && $Object.hasOwnProperty.call(message, "currentVersion"))
                    object.currentVersion = message.currentVersion;
                if (message.targetVersion != null && $Object.hasOwnProperty.call(message, "targetVersion"))
                    object.targetVersion = message.targetVersion;
                if (message.time != null && $Object.hasOwnProperty.call(message, "time"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.time = typeof message.time === "number" ? $BigInt(message.time) : $util.Long.fromBits(message.time.low >>> 0, message.time.high >>> 0, false).toBigInt();
                    else if (typeof message.time === "number")
                        object.time = options.longs === $String ? $String(message.time) : message.time;
                    else
                        object.time = options.longs === $String ? $util.Long.prototype.toString.call(message.time) : options.longs === $Number ? new $util.LongBits(message.time.low >>> 0, message.time.high >>> 0).toNumber() : message.time;
                if (message.detail != null && $Object.hasOwnProperty.call(message, "detail"))
                    object.detail = message.detail;
                if (message.errorCode != null && $Object.hasOwnProperty.call(message, "errorCode"))
                    object.errorCode = message.errorCode;
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                if (message.bytesReceived != null && $Object.hasOwnProperty.call(message, "bytesReceived"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.bytesReceived = typeof message.bytesReceived === "number" ? $BigInt(message.bytesReceived) : $util.Long.fromBits(message.bytesReceived.low >>> 0, message.bytesReceived.high >>> 0, true).toBigInt();
                    else if (typeof message.bytesReceived === "number")
                        object.bytesReceived = options.longs === $String ? $String(message.bytesReceived) : message.bytesReceived;
                    else
                        object.bytesReceived = options.longs === $String ? $util.Long.prototype.toString.call(message.bytesReceived) : options.longs === $Number ? new $util.LongBits(message.bytesReceived.low >>> 0, message.bytesReceived.high >>> 0).toNumber(true) : message.bytesReceived;
                if (message.bytesTotal != null && $Object.hasOwnProperty.call(message, "bytesTotal"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.bytesTotal = typeof message.bytesTotal === "number" ? $BigInt(message.bytesTotal) : $util.Long.fromBits(message.bytesTotal.low >>> 0, message.bytesTotal.high >>> 0, true).toBigInt();
                    else if (typeof message.bytesTotal === "number")
                        object.bytesTotal = options.longs === $String ? $String(message.bytesTotal) : message.bytesTotal;
                    else
                        object.bytesTotal = options.longs === $String ? $util.Long.prototype.toString.call(message.bytesTotal) : options.longs === $Number ? new $util.LongBits(message.bytesTotal.low >>> 0, message.bytesTotal.high >>> 0).toNumber(true) : message.bytesTotal;
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.securityVersion = typeof message.securityVersion === "number" ? $BigInt(message.securityVersion) : $util.Long.fromBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0, true).toBigInt();
                    else if (typeof message.securityVersion === "number")
                        object.securityVersion = options.longs === $String ? $String(message.securityVersion) : message.securityVersion;
                    else
                        object.securityVersion = options.longs === $String ? $util.Long.prototype.toString.call(message.securityVersion) : options.longs === $Number ? new $util.LongBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0).toNumber(true) : message.securityVersion;
                if (message.model != null && $Object.hasOwnProperty.call(message, "model"))
                    object.model = message.model;
                if (message.receivedAt != null && $Object.hasOwnProperty.call(message, "receivedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.receivedAt = typeof message.receivedAt === "number" ? $BigInt(message.receivedAt) : $util.Long.fromBits(message.receivedAt.low >>> 0, message.receivedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.receivedAt === "number")
                        object.receivedAt = options.longs === $String ? $String(message.receivedAt) : message.receivedAt;
                    else
                        object.receivedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.receivedAt) : options.longs === $Number ? new $util.LongBits(message.receivedAt.low >>> 0, message.receivedAt.high >>> 0).toNumber() : message.receivedAt;
                if (message.slot != null && $Object.hasOwnProperty.call(message, "slot"))
                    object.slot = message.slot;
                if (message.previousVersion != null && $Object.hasOwnProperty.call(message, "previousVersion"))
                    object.previousVersion = message.previousVersion;
                if (message.hardwareRevision != null && $Object.hasOwnProperty.call(message, "hardwareRevision"))
                    object.hardwareRevision = message.hardwareRevision;
                if (message.support != null && $Object.hasOwnProperty.call(message, "support"))
                    object.support = options.enums === $String ? $root.ota.v1.SupportStatus[message.support] === $undefined ? message.support : $root.ota.v1.SupportStatus[message.support] : message.support;
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.endOfLifeAt = typeof message.endOfLifeAt === "number" ? $BigInt(message.endOfLifeAt) : $util.Long.fromBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0, false).toBigInt();
                    else if (typeof message.endOfLifeAt === "number")
                        object.endOfLifeAt = options.longs === $String ? $String(message.endOfLifeAt) : message.endOfLifeAt;
                    else
                        object.endOfLifeAt = options.longs === $String ? $util.Long.prototype.toString.call(message.endOfLifeAt) : options.longs === $Number ? new $util.LongBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0).toNumber() : message.endOfLifeAt;
                if (message.sbomSha256 != null && $Object.hasOwnProperty.call(message, "sbomSha256"))
                    object.sbomSha256 = options.bytes === $String ? $util.base64.encode(message.sbomSha256, 0, message.sbomSha256.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.sbomSha256) : message.sbomSha256;
                if (message.deferredUntil != null && $Object.hasOwnProperty.call(message, "deferredUntil"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.deferredUntil = typeof message.deferredUntil === "number" ? $BigInt(message.deferredUntil) : $util.Long.fromBits(message.deferredUntil.low >>> 0, message.deferredUntil.high >>> 0, false).toBigInt();
                    else if (typeof message.deferredUntil === "number")
                        object.deferredUntil = options.longs === $String ? $String(message.deferredUntil) : message.deferredUntil;
                    else
                        object.deferredUntil = options.longs === $String ? $util.Long.prototype.toString.call(message.deferredUntil) : options.longs === $Number ? new $util.LongBits(message.deferredUntil.low >>> 0, message.deferredUntil.high >>> 0).toNumber() : message.deferredUntil;
                return object;
            };

            /**
             * Converts this StatusEvent to JSON.
             * @function toJSON
             * @memberof ota.v1.StatusEvent
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            StatusEvent.prototype.toJSON = function() {
                return StatusEvent.toObject(this, $protobuf.util.toJSONOptions);
            };

            return StatusEvent;
        })();

        v1.AdminResult = (function() {

            /**
             * Properties of an AdminResult.
             * @typedef {Object} ota.v1.AdminResult.$Properties
             * @property {boolean|null} [ok] AdminResult ok
             * @property {string|null} [code] AdminResult code
             * @property {string|null} [detail] AdminResult detail
             * @property {string|null} [model] AdminResult model
             * @property {string|null} [version] AdminResult version
             * @property {Uint8Array|null} [artifact] AdminResult artifact
             * @property {number|null} [sequence] AdminResult sequence
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdminResult.
             * @memberof ota.v1
             * @interface IAdminResult
             * @augments ota.v1.AdminResult.$Properties
             * @deprecated Use ota.v1.AdminResult.$Properties instead.
             */

            /**
             * Shape of an AdminResult.
             * @typedef {ota.v1.AdminResult.$Properties} ota.v1.AdminResult.$Shape
             */

            /**
             * Constructs a new AdminResult.
             * @memberof ota.v1
             * @classdesc Represents an AdminResult.
             * @constructor
             * @param {ota.v1.AdminResult.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdminResult = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdminResult ok.
             * @member {boolean} ok
             * @memberof ota.v1.AdminResult
             * @instance
             */
            AdminResult.prototype.ok = false;

            /**
             * AdminResult code.
             * @member {string} code
             * @memberof ota.v1.AdminResult
             * @instance
             */
            AdminResult.prototype.code = "";

            /**
             * AdminResult detail.
             * @member {string} detail
             * @memberof ota.v1.AdminResult
             * @instance
             */
            AdminResult.prototype.detail = "";

            /**
             * AdminResult model.
             * @member {string} model
             * @memberof ota.v1.AdminResult
             * @instance
             */
            AdminResult.prototype.model = "";

            /**
             * AdminResult version.
             * @member {string} version
             * @memberof ota.v1.AdminResult
             * @instance
             */
            AdminResult.prototype.version = "";

            /**
             * AdminResult artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.AdminResult
             * @instance
             */
            AdminResult.prototype.artifact = $util.newBuffer([]);

            /**
             * AdminResult sequence.
             * @member {number} sequence
             * @memberof ota.v1.AdminResult
             * @instance
             */
            AdminResult.prototype.sequence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new AdminResult instance using the specified properties.
             * @function create
             * @memberof ota.v1.AdminResult
             * @static
             * @param {ota.v1.AdminResult.$Properties=} [properties] Properties to set
             * @returns {ota.v1.AdminResult} AdminResult instance
             * @type {{
             *   (properties: ota.v1.AdminResult.$Shape): ota.v1.AdminResult & ota.v1.AdminResult.$Shape;
             *   (properties?: ota.v1.AdminResult.$Properties): ota.v1.AdminResult;
             * }}
             */
            AdminResult.create = function(properties) {
                return new AdminResult(properties);
            };

            /**
             * Encodes the specified AdminResult message. Does not implicitly {@link ota.v1.AdminResult.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.AdminResult
             * @static
             * @param {ota.v1.AdminResult.$Properties} message AdminResult message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdminResult.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.ok != null && $Object.hasOwnProperty.call(message, "ok") && message.ok !== false)
                    writer.uint32(/* id 1, wireType 0 =*/8).bool(message.ok);
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.code);
                if (message.detail != null && $Object.hasOwnProperty.call(message, "detail") && message.detail !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.detail);
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.model);
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.version);
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.artifact);
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence") && (typeof message.sequence === "object" ? message.sequence.low || message.sequence.high : message.sequence !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.sequence);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdminResult message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.AdminResult
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.AdminResult & ota.v1.AdminResult.$Shape} AdminResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdminResult.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.AdminResult();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.ok = value;
                            else
                                delete message.ok;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.detail = value;
                            else
                                delete message.detail;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.sequence = value;
                            else
                                delete message.sequence;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an AdminResult message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.AdminResult
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.AdminResult} AdminResult
             */
            AdminResult.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.AdminResult)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.AdminResult: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.AdminResult();
                if (object.ok != null)
                    if (object.ok)
                        message.ok = $Boolean(object.ok);
                if (object.code != null)
                    if (typeof object.code !== "string" || object.code.length)
                        message.code = $String(object.code);
                if (object.detail != null)
                    if (typeof object.detail !== "string" || object.detail.length)
                        message.detail = $String(object.detail);
                if (object.model != null)
                    if (typeof object.model !== "string" || object.model.length)
                        message.model = $String(object.model);
                if (object.version != null)
                    if (typeof object.version !== "string" || object.version.length)
                        message.version = $String(object.version);
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                if (object.sequence != null)
                    if (typeof object.sequence === "object" ? object.sequence.low || object.sequence.high : $Number(object.sequence) !== 0)
                        if ($util.Long)
                            message.sequence = $util.Long.fromValue(object.sequence, true);
                        else if (typeof object.sequence === "string")
                            message.sequence = $parseInt(object.sequence, 10);
                        else if (typeof object.sequence === "number")
                            message.sequence = object.sequence;
                        else if (typeof object.sequence === "object")
                            message.sequence = new $util.LongBits(object.sequence.low >>> 0, object.sequence.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from an AdminResult message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.AdminResult
             * @static
             * @param {ota.v1.AdminResult} message AdminResult
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AdminResult.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.ok = false;
                    object.code = "";
                    object.detail = "";
                    object.model = "";
                    object.version = "";
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sequence = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.sequence = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.ok != null && $Object.hasOwnProperty.call(message, "ok"))
                    object.ok = message.ok;
                if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                    object.code = message.code;
                if (message.detail != null && $Object.hasOwnProperty.call(message, "detail"))
                    object.detail = message.detail;
                if (message.model != null && $Object.hasOwnProperty.call(message, "model"))
                    object.model = message.model;
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.sequence = typeof message.sequence === "number" ? $BigInt(message.sequence) : $util.Long.fromBits(message.sequence.low >>> 0, message.sequence.high >>> 0, true).toBigInt();
                    else if (typeof message.sequence === "number")
                        object.sequence = options.longs === $String ? $String(message.sequence) : message.sequence;
                    else
                        object.sequence = options.longs === $String ? $util.Long.prototype.toString.call(message.sequence) : options.longs === $Number ? new $util.LongBits(message.sequence.low >>> 0, message.sequence.high >>> 0).toNumber(true) : message.sequence;
                return object;
            };

            /**
             * Converts this AdminResult to JSON.
             * @function toJSON
             * @memberof ota.v1.AdminResult
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AdminResult.prototype.toJSON = function() {
                return AdminResult.toObject(this, $protobuf.util.toJSONOptions);
            };

            return AdminResult;
        })();

        v1.AdminRequest = (function() {

            /**
             * Properties of an AdminRequest.
             * @typedef {Object} ota.v1.AdminRequest.$Properties
             * @property {ota.v1.AdminRelease.$Properties|null} [release] AdminRequest release
             * @property {ota.v1.InventoryQuery.$Properties|null} [inventory] AdminRequest inventory
             * @property {ota.v1.ReleaseListQuery.$Properties|null} [releases] AdminRequest releases
             * @property {ota.v1.RolloutStartRequest.$Properties|null} [rolloutStart] AdminRequest rolloutStart
             * @property {ota.v1.RolloutPlanQuery.$Properties|null} [rolloutPlan] AdminRequest rolloutPlan
             * @property {ota.v1.RolloutStatusQuery.$Properties|null} [rolloutStatus] AdminRequest rolloutStatus
             * @property {ota.v1.RolloutControlRequest.$Properties|null} [rolloutControl] AdminRequest rolloutControl
             * @property {"release"|"inventory"|"releases"|"rolloutStart"|"rolloutPlan"|"rolloutStatus"|"rolloutControl"} [kind] AdminRequest kind
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdminRequest.
             * @memberof ota.v1
             * @interface IAdminRequest
             * @augments ota.v1.AdminRequest.$Properties
             * @deprecated Use ota.v1.AdminRequest.$Properties instead.
             */

            /**
             * Narrowed shape of an AdminRequest.
             * @typedef {{
             *   release?: ota.v1.AdminRelease.$Shape|null;
             *   inventory?: ota.v1.InventoryQuery.$Shape|null;
             *   releases?: ota.v1.ReleaseListQuery.$Shape|null;
             *   rolloutStart?: ota.v1.RolloutStartRequest.$Shape|null;
             *   rolloutPlan?: ota.v1.RolloutPlanQuery.$Shape|null;
             *   rolloutStatus?: ota.v1.RolloutStatusQuery.$Shape|null;
             *   rolloutControl?: ota.v1.RolloutControlRequest.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ kind?: undefined; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "release"; release: ota.v1.AdminRelease.$Shape; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "inventory"; release?: null; inventory: ota.v1.InventoryQuery.$Shape; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "releases"; release?: null; inventory?: null; releases: ota.v1.ReleaseListQuery.$Shape; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "rolloutStart"; release?: null; inventory?: null; releases?: null; rolloutStart: ota.v1.RolloutStartRequest.$Shape; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "rolloutPlan"; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan: ota.v1.RolloutPlanQuery.$Shape; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "rolloutStatus"; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus: ota.v1.RolloutStatusQuery.$Shape; rolloutControl?: null }|{ kind?: "rolloutControl"; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl: ota.v1.RolloutControlRequest.$Shape })
             * )} ota.v1.AdminRequest.$Shape
             */

            /**
             * Constructs a new AdminRequest.
             * @memberof ota.v1
             * @classdesc Represents an AdminRequest.
             * @constructor
             * @param {ota.v1.AdminRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdminRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdminRequest release.
             * @member {ota.v1.AdminRelease.$Properties|null|undefined} release
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            AdminRequest.prototype.release = null;

            /**
             * AdminRequest inventory.
             * @member {ota.v1.InventoryQuery.$Properties|null|undefined} inventory
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            AdminRequest.prototype.inventory = null;

            /**
             * AdminRequest releases.
             * @member {ota.v1.ReleaseListQuery.$Properties|null|undefined} releases
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            AdminRequest.prototype.releases = null;

            /**
             * AdminRequest rolloutStart.
             * @member {ota.v1.RolloutStartRequest.$Properties|null|undefined} rolloutStart
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            AdminRequest.prototype.rolloutStart = null;

            /**
             * AdminRequest rolloutPlan.
             * @member {ota.v1.RolloutPlanQuery.$Properties|null|undefined} rolloutPlan
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            AdminRequest.prototype.rolloutPlan = null;

            /**
             * AdminRequest rolloutStatus.
             * @member {ota.v1.RolloutStatusQuery.$Properties|null|undefined} rolloutStatus
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            AdminRequest.prototype.rolloutStatus = null;

            /**
             * AdminRequest rolloutControl.
             * @member {ota.v1.RolloutControlRequest.$Properties|null|undefined} rolloutControl
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            AdminRequest.prototype.rolloutControl = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * AdminRequest kind.
             * @member {"release"|"inventory"|"releases"|"rolloutStart"|"rolloutPlan"|"rolloutStatus"|"rolloutControl"|undefined} kind
             * @memberof ota.v1.AdminRequest
             * @instance
             */
            $Object.defineProperty(AdminRequest.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["release", "inventory", "releases", "rolloutStart", "rolloutPlan", "rolloutStatus", "rolloutControl"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new AdminRequest instance using the specified properties.
             * @function create
             * @memberof ota.v1.AdminRequest
             * @static
             * @param {ota.v1.AdminRequest.$Properties=} [properties] Properties to set
             * @returns {ota.v1.AdminRequest} AdminRequest instance
             * @type {{
             *   (properties: ota.v1.AdminRequest.$Shape): ota.v1.AdminRequest & ota.v1.AdminRequest.$Shape;
             *   (properties?: ota.v1.AdminRequest.$Properties): ota.v1.AdminRequest;
             * }}
             */
            AdminRequest.create = function(properties) {
                return new AdminRequest(properties);
            };

            /**
             * Encodes the specified AdminRequest message. Does not implicitly {@link ota.v1.AdminRequest.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.AdminRequest
             * @static
             * @param {ota.v1.AdminRequest.$Properties} message AdminRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdminRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.release != null && $Object.hasOwnProperty.call(message, "release"))
                    $root.ota.v1.AdminRelease.encode(message.release, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.inventory != null && $Object.hasOwnProperty.call(message, "inventory"))
                    $root.ota.v1.InventoryQuery.encode(message.inventory, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.releases != null && $Object.hasOwnProperty.call(message, "releases"))
                    $root.ota.v1.ReleaseListQuery.encode(message.releases, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.rolloutStart != null && $Object.hasOwnProperty.call(message, "rolloutStart"))
                    $root.ota.v1.RolloutStartRequest.encode(message.rolloutStart, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.rolloutPlan != null && $Object.hasOwnProperty.call(message, "rolloutPlan"))
                    $root.ota.v1.RolloutPlanQuery.encode(message.rolloutPlan, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.rolloutStatus != null && $Object.hasOwnProperty.call(message, "rolloutStatus"))
                    $root.ota.v1.RolloutStatusQuery.encode(message.rolloutStatus, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.rolloutControl != null && $Object.hasOwnProperty.call(message, "rolloutControl"))
                    $root.ota.v1.RolloutControlRequest.encode(message.rolloutControl, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdminRequest message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.AdminRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.AdminRequest & ota.v1.AdminRequest.$Shape} AdminRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdminRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.AdminRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.release = $root.ota.v1.AdminRelease.decode(reader, reader.size(), $undefined, _depth + 1, message.release);
                            message.kind = "release";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.inventory = $root.ota.v1.InventoryQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.inventory);
                            message.kind = "inventory";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.releases = $root.ota.v1.ReleaseListQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.releases);
                            message.kind = "releases";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.rolloutStart = $root.ota.v1.RolloutStartRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.rolloutStart);
                            message.kind = "rolloutStart";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.rolloutPlan = $root.ota.v1.RolloutPlanQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.rolloutPlan);
                            message.kind = "rolloutPlan";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.rolloutStatus = $root.ota.v1.RolloutStatusQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.rolloutStatus);
                            message.kind = "rolloutStatus";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.rolloutControl = $root.ota.v1.RolloutControlRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.rolloutControl);
                            message.kind = "rolloutControl";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an AdminRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.AdminRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.AdminRequest} AdminRequest
             */
            AdminRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.AdminRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.AdminRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.AdminRequest();
                if (object.release != null) {
                    if (!$util.isObject(object.release))
                        throw $TypeError(".ota.v1.AdminRequest.release: object expected");
                    message.release = $root.ota.v1.AdminRelease.fromObject(object.release, _depth + 1);
                }
                if (object.inventory != null) {
                    if (!$util.isObject(object.inventory))
                        throw $TypeError(".ota.v1.AdminRequest.inventory: object expected");
                    message.inventory = $root.ota.v1.InventoryQuery.fromObject(object.inventory, _depth + 1);
                }
                if (object.releases != null) {
                    if (!$util.isObject(object.releases))
                        throw $TypeError(".ota.v1.AdminRequest.releases: object expected");
                    message.releases = $root.ota.v1.ReleaseListQuery.fromObject(object.releases, _depth + 1);
                }
                if (object.rolloutStart != null) {
                    if (!$util.isObject(object.rolloutStart))
                        throw $TypeError(".ota.v1.AdminRequest.rolloutStart: object expected");
                    message.rolloutStart = $root.ota.v1.RolloutStartRequest.fromObject(object.rolloutStart, _depth + 1);
                }
                if (object.rolloutPlan != null) {
                    if (!$util.isObject(object.rolloutPlan))
                        throw $TypeError(".ota.v1.AdminRequest.rolloutPlan: object expected");
                    message.rolloutPlan = $root.ota.v1.RolloutPlanQuery.fromObject(object.rolloutPlan, _depth + 1);
                }
                if (object.rolloutStatus != null) {
                    if (!$util.isObject(object.rolloutStatus))
                        throw $TypeError(".ota.v1.AdminRequest.rolloutStatus: object expected");
                    message.rolloutStatus = $root.ota.v1.RolloutStatusQuery.fromObject(object.rolloutStatus, _depth + 1);
                }
                if (object.rolloutControl != null) {
                    if (!$util.isObject(object.rolloutControl))
                        throw $TypeError(".ota.v1.AdminRequest.rolloutControl: object expected");
                    message.rolloutControl = $root.ota.v1.RolloutControlRequest.fromObject(object.rolloutControl, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from an AdminRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.AdminRequest
             * @static
             * @param {ota.v1.AdminRequest} message AdminRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AdminRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (message.release != null && $Object.hasOwnProperty.call(message, "release")) {
                    object.release = $root.ota.v1.AdminRelease.toObject(message.release, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "release";
                }
                if (message.inventory != null && $Object.hasOwnProperty.call(message, "inventory")) {
                    object.inventory = $root.ota.v1.InventoryQuery.toObject(message.inventory, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "inventory";
                }
                if (message.releases != null && $Object.hasOwnProperty.call(message, "releases")) {
                    object.releases = $root.ota.v1.ReleaseListQuery.toObject(message.releases, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "releases";
                }
                if (message.rolloutStart != null && $Object.hasOwnProperty.call(message, "rolloutStart")) {
                    object.rolloutStart = $root.ota.v1.RolloutStartRequest.toObject(message.rolloutStart, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "rolloutStart";
                }
                if (message.rolloutPlan != null && $Object.hasOwnProperty.call(message, "rolloutPlan")) {
                    object.rolloutPlan = $root.ota.v1.RolloutPlanQuery.toObject(message.rolloutPlan, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "rolloutPlan";
                }
                if (message.rolloutStatus != null && $Object.hasOwnProperty.call(message, "rolloutStatus")) {
                    object.rolloutStatus = $root.ota.v1.RolloutStatusQuery.toObject(message.rolloutStatus, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "rolloutStatus";
                }
                if (message.rolloutControl != null && $Object.hasOwnProperty.call(message, "rolloutControl")) {
                    object.rolloutControl = $root.ota.v1.RolloutControlRequest.toObject(message.rolloutControl, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "rolloutControl";
                }
                return object;
            };

            /**
             * Converts this AdminRequest to JSON.
             * @function toJSON
             * @memberof ota.v1.AdminRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AdminRequest.prototype.toJSON = function() {
                return AdminRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return AdminRequest;
        })();

        v1.AdminRelease = (function() {

            /**
             * Properties of an AdminRelease.
             * @typedef {Object} ota.v1.AdminRelease.$Properties
             * @property {Uint8Array|null} [bundle] AdminRelease bundle
             * @property {boolean|null} [force] AdminRelease force
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdminRelease.
             * @memberof ota.v1
             * @interface IAdminRelease
             * @augments ota.v1.AdminRelease.$Properties
             * @deprecated Use ota.v1.AdminRelease.$Properties instead.
             */

            /**
             * Shape of an AdminRelease.
             * @typedef {ota.v1.AdminRelease.$Properties} ota.v1.AdminRelease.$Shape
             */

            /**
             * Constructs a new AdminRelease.
             * @memberof ota.v1
             * @classdesc Represents an AdminRelease.
             * @constructor
             * @param {ota.v1.AdminRelease.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdminRelease = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdminRelease bundle.
             * @member {Uint8Array} bundle
             * @memberof ota.v1.AdminRelease
             * @instance
             */
            AdminRelease.prototype.bundle = $util.newBuffer([]);

            /**
             * AdminRelease force.
             * @member {boolean} force
             * @memberof ota.v1.AdminRelease
             * @instance
             */
            AdminRelease.prototype.force = false;

            /**
             * Creates a new AdminRelease instance using the specified properties.
             * @function create
             * @memberof ota.v1.AdminRelease
             * @static
             * @param {ota.v1.AdminRelease.$Properties=} [properties] Properties to set
             * @returns {ota.v1.AdminRelease} AdminRelease instance
             * @type {{
             *   (properties: ota.v1.AdminRelease.$Shape): ota.v1.AdminRelease & ota.v1.AdminRelease.$Shape;
             *   (properties?: ota.v1.AdminRelease.$Properties): ota.v1.AdminRelease;
             * }}
             */
            AdminRelease.create = function(properties) {
                return new AdminRelease(properties);
            };

            /**
             * Encodes the specified AdminRelease message. Does not implicitly {@link ota.v1.AdminRelease.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.AdminRelease
             * @static
             * @param {ota.v1.AdminRelease.$Properties} message AdminRelease message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdminRelease.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.bundle != null && $Object.hasOwnProperty.call(message, "bundle") && message.bundle.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.bundle);
                if (message.force != null && $Object.hasOwnProperty.call(message, "force") && message.force !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.force);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdminRelease message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.AdminRelease
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.AdminRelease & ota.v1.AdminRelease.$Shape} AdminRelease
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdminRelease.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.AdminRelease();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.bundle = value;
                            else
                                delete message.bundle;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.force = value;
                            else
                                delete message.force;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an AdminRelease message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.AdminRelease
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.AdminRelease} AdminRelease
             */
            AdminRelease.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.AdminRelease)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.AdminRelease: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.AdminRelease();
                if (object.bundle != null)
                    if (object.bundle.length)
                        if (typeof object.bundle === "string")
                            $util.base64.decode(object.bundle, message.bundle = $util.newBuffer($util.base64.length(object.bundle)), 0);
                        else if (object.bundle.length >= 0)
                            message.bundle = object.bundle;
                if (object.force != null)
                    if (object.force)
                        message.force = $Boolean(object.force);
                return message;
            };

            /**
             * Creates a plain object from an AdminRelease message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.AdminRelease
             * @static
             * @param {ota.v1.AdminRelease} message AdminRelease
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AdminRelease.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.bundle = "";
                    else {
                        object.bundle = [];
                        if (options.bytes !== $Array)
                            object.bundle = $util.newBuffer(object.bundle);
                    }
                    object.force = false;
                }
                if (message.bundle != null && $Object.hasOwnProperty.call(message, "bundle"))
                    object.bundle = options.bytes === $String ? $util.base64.encode(message.bundle, 0, message.bundle.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.bundle) : message.bundle;
                if (message.force != null && $Object.hasOwnProperty.call(message, "force"))
                    object.force = message.force;
                return object;
            };

            /**
             * Converts this AdminRelease to JSON.
             * @function toJSON
             * @memberof ota.v1.AdminRelease
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AdminRelease.prototype.toJSON = function() {
                return AdminRelease.toObject(this, $protobuf.util.toJSONOptions);
            };

            return AdminRelease;
        })();

        v1.InventoryQuery = (function() {

            /**
             * Properties of an InventoryQuery.
             * @typedef {Object} ota.v1.InventoryQuery.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an InventoryQuery.
             * @memberof ota.v1
             * @interface IInventoryQuery
             * @augments ota.v1.InventoryQuery.$Properties
             * @deprecated Use ota.v1.InventoryQuery.$Properties instead.
             */

            /**
             * Shape of an InventoryQuery.
             * @typedef {ota.v1.InventoryQuery.$Properties} ota.v1.InventoryQuery.$Shape
             */

            /**
             * Constructs a new InventoryQuery.
             * @memberof ota.v1
             * @classdesc Represents an InventoryQuery.
             * @constructor
             * @param {ota.v1.InventoryQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const InventoryQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new InventoryQuery instance using the specified properties.
             * @function create
             * @memberof ota.v1.InventoryQuery
             * @static
             * @param {ota.v1.InventoryQuery.$Properties=} [properties] Properties to set
             * @returns {ota.v1.InventoryQuery} InventoryQuery instance
             * @type {{
             *   (properties: ota.v1.InventoryQuery.$Shape): ota.v1.InventoryQuery & ota.v1.InventoryQuery.$Shape;
             *   (properties?: ota.v1.InventoryQuery.$Properties): ota.v1.InventoryQuery;
             * }}
             */
            InventoryQuery.create = function(properties) {
                return new InventoryQuery(properties);
            };

            /**
             * Encodes the specified InventoryQuery message. Does not implicitly {@link ota.v1.InventoryQuery.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.InventoryQuery
             * @static
             * @param {ota.v1.InventoryQuery.$Properties} message InventoryQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            InventoryQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an InventoryQuery message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.InventoryQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.InventoryQuery & ota.v1.InventoryQuery.$Shape} InventoryQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            InventoryQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.InventoryQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an InventoryQuery message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.InventoryQuery
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.InventoryQuery} InventoryQuery
             */
            InventoryQuery.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.InventoryQuery)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.InventoryQuery: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                return new $root.ota.v1.InventoryQuery();
            };

            /**
             * Creates a plain object from an InventoryQuery message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.InventoryQuery
             * @static
             * @param {ota.v1.InventoryQuery} message InventoryQuery
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            InventoryQuery.toObject = function () {
                return {};
            };

            /**
             * Converts this InventoryQuery to JSON.
             * @function toJSON
             * @memberof ota.v1.InventoryQuery
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            InventoryQuery.prototype.toJSON = function() {
                return InventoryQuery.toObject(this, $protobuf.util.toJSONOptions);
            };

            return InventoryQuery;
        })();

        v1.ReleaseListQuery = (function() {

            /**
             * Properties of a ReleaseListQuery.
             * @typedef {Object} ota.v1.ReleaseListQuery.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReleaseListQuery.
             * @memberof ota.v1
             * @interface IReleaseListQuery
             * @augments ota.v1.ReleaseListQuery.$Properties
             * @deprecated Use ota.v1.ReleaseListQuery.$Properties instead.
             */

            /**
             * Shape of a ReleaseListQuery.
             * @typedef {ota.v1.ReleaseListQuery.$Properties} ota.v1.ReleaseListQuery.$Shape
             */

            /**
             * Constructs a new ReleaseListQuery.
             * @memberof ota.v1
             * @classdesc Represents a ReleaseListQuery.
             * @constructor
             * @param {ota.v1.ReleaseListQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReleaseListQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new ReleaseListQuery instance using the specified properties.
             * @function create
             * @memberof ota.v1.ReleaseListQuery
             * @static
             * @param {ota.v1.ReleaseListQuery.$Properties=} [properties] Properties to set
             * @returns {ota.v1.ReleaseListQuery} ReleaseListQuery instance
             * @type {{
             *   (properties: ota.v1.ReleaseListQuery.$Shape): ota.v1.ReleaseListQuery & ota.v1.ReleaseListQuery.$Shape;
             *   (properties?: ota.v1.ReleaseListQuery.$Properties): ota.v1.ReleaseListQuery;
             * }}
             */
            ReleaseListQuery.create = function(properties) {
                return new ReleaseListQuery(properties);
            };

            /**
             * Encodes the specified ReleaseListQuery message. Does not implicitly {@link ota.v1.ReleaseListQuery.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.ReleaseListQuery
             * @static
             * @param {ota.v1.ReleaseListQuery.$Properties} message ReleaseListQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReleaseListQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReleaseListQuery message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.ReleaseListQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.ReleaseListQuery & ota.v1.ReleaseListQuery.$Shape} ReleaseListQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReleaseListQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.ReleaseListQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a ReleaseListQuery message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.ReleaseListQuery
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.ReleaseListQuery} ReleaseListQuery
             */
            ReleaseListQuery.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.ReleaseListQuery)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.ReleaseListQuery: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                return new $root.ota.v1.ReleaseListQuery();
            };

            /**
             * Creates a plain object from a ReleaseListQuery message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.ReleaseListQuery
             * @static
             * @param {ota.v1.ReleaseListQuery} message ReleaseListQuery
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ReleaseListQuery.toObject = function () {
                return {};
            };

            /**
             * Converts this ReleaseListQuery to JSON.
             * @function toJSON
             * @memberof ota.v1.ReleaseListQuery
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ReleaseListQuery.prototype.toJSON = function() {
                return ReleaseListQuery.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ReleaseListQuery;
        })();

        v1.AdminAnswer = (function() {

            /**
             * Properties of an AdminAnswer.
             * @typedef {Object} ota.v1.AdminAnswer.$Properties
             * @property {ota.v1.AdminResult.$Properties|null} [result] AdminAnswer result
             * @property {ota.v1.Inventory.$Properties|null} [inventory] AdminAnswer inventory
             * @property {ota.v1.ReleaseList.$Properties|null} [releases] AdminAnswer releases
             * @property {ota.v1.RolloutList.$Properties|null} [rollouts] AdminAnswer rollouts
             * @property {ota.v1.RolloutPlanRecord.$Properties|null} [rolloutPlan] AdminAnswer rolloutPlan
             * @property {boolean|null} [alreadyCurrent] AdminAnswer alreadyCurrent
             * @property {"result"|"inventory"|"releases"|"rollouts"|"rolloutPlan"} [kind] AdminAnswer kind
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdminAnswer.
             * @memberof ota.v1
             * @interface IAdminAnswer
             * @augments ota.v1.AdminAnswer.$Properties
             * @deprecated Use ota.v1.AdminAnswer.$Properties instead.
             */

            /**
             * Narrowed shape of an AdminAnswer.
             * @typedef {{
             *   result?: ota.v1.AdminResult.$Shape|null;
             *   inventory?: ota.v1.Inventory.$Shape|null;
             *   releases?: ota.v1.ReleaseList.$Shape|null;
             *   rollouts?: ota.v1.RolloutList.$Shape|null;
             *   rolloutPlan?: ota.v1.RolloutPlanRecord.$Shape|null;
             *   alreadyCurrent?: boolean|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ kind?: undefined; result?: null; inventory?: null; releases?: null; rollouts?: null; rolloutPlan?: null }|{ kind?: "result"; result: ota.v1.AdminResult.$Shape; inventory?: null; releases?: null; rollouts?: null; rolloutPlan?: null }|{ kind?: "inventory"; result?: null; inventory: ota.v1.Inventory.$Shape; releases?: null; rollouts?: null; rolloutPlan?: null }|{ kind?: "releases"; result?: null; inventory?: null; releases: ota.v1.ReleaseList.$Shape; rollouts?: null; rolloutPlan?: null }|{ kind?: "rollouts"; result?: null; inventory?: null; releases?: null; rollouts: ota.v1.RolloutList.$Shape; rolloutPlan?: null }|{ kind?: "rolloutPlan"; result?: null; inventory?: null; releases?: null; rollouts?: null; rolloutPlan: ota.v1.RolloutPlanRecord.$Shape })
             * )} ota.v1.AdminAnswer.$Shape
             */

            /**
             * Constructs a new AdminAnswer.
             * @memberof ota.v1
             * @classdesc Represents an AdminAnswer.
             * @constructor
             * @param {ota.v1.AdminAnswer.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdminAnswer = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdminAnswer result.
             * @member {ota.v1.AdminResult.$Properties|null|undefined} result
             * @memberof ota.v1.AdminAnswer
             * @instance
             */
            AdminAnswer.prototype.result = null;

            /**
             * AdminAnswer inventory.
             * @member {ota.v1.Inventory.$Properties|null|undefined} inventory
             * @memberof ota.v1.AdminAnswer
             * @instance
             */
            AdminAnswer.prototype.inventory = null;

            /**
             * AdminAnswer releases.
             * @member {ota.v1.ReleaseList.$Properties|null|undefined} releases
             * @memberof ota.v1.AdminAnswer
             * @instance
             */
            AdminAnswer.prototype.releases = null;

            /**
             * AdminAnswer rollouts.
             * @member {ota.v1.RolloutList.$Properties|null|undefined} rollouts
             * @memberof ota.v1.AdminAnswer
             * @instance
             */
            AdminAnswer.prototype.rollouts = null;

            /**
             * AdminAnswer rolloutPlan.
             * @member {ota.v1.RolloutPlanRecord.$Properties|null|undefined} rolloutPlan
             * @memberof ota.v1.AdminAnswer
             * @instance
             */
            AdminAnswer.prototype.rolloutPlan = null;

            /**
             * AdminAnswer alreadyCurrent.
             * @member {boolean} alreadyCurrent
             * @memberof ota.v1.AdminAnswer
             * @instance
             */
            AdminAnswer.prototype.alreadyCurrent = false;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * AdminAnswer kind.
             * @member {"result"|"inventory"|"releases"|"rollouts"|"rolloutPlan"|undefined} kind
             * @memberof ota.v1.AdminAnswer
             * @instance
             */
            $Object.defineProperty(AdminAnswer.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["result", "inventory", "releases", "rollouts", "rolloutPlan"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new AdminAnswer instance using the specified properties.
             * @function create
             * @memberof ota.v1.AdminAnswer
             * @static
             * @param {ota.v1.AdminAnswer.$Properties=} [properties] Properties to set
             * @returns {ota.v1.AdminAnswer} AdminAnswer instance
             * @type {{
             *   (properties: ota.v1.AdminAnswer.$Shape): ota.v1.AdminAnswer & ota.v1.AdminAnswer.$Shape;
             *   (properties?: ota.v1.AdminAnswer.$Properties): ota.v1.AdminAnswer;
             * }}
             */
            AdminAnswer.create = function(properties) {
                return new AdminAnswer(properties);
            };

            /**
             * Encodes the specified AdminAnswer message. Does not implicitly {@link ota.v1.AdminAnswer.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.AdminAnswer
             * @static
             * @param {ota.v1.AdminAnswer.$Properties} message AdminAnswer message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdminAnswer.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                    $root.ota.v1.AdminResult.encode(message.result, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.inventory != null && $Object.hasOwnProperty.call(message, "inventory"))
                    $root.ota.v1.Inventory.encode(message.inventory, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.releases != null && $Object.hasOwnProperty.call(message, "releases"))
                    $root.ota.v1.ReleaseList.encode(message.releases, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.alreadyCurrent != null && $Object.hasOwnProperty.call(message, "alreadyCurrent") && message.alreadyCurrent !== false)
                    writer.uint32(/* id 4, wireType 0 =*/32).bool(message.alreadyCurrent);
                if (message.rollouts != null && $Object.hasOwnProperty.call(message, "rollouts"))
                    $root.ota.v1.RolloutList.encode(message.rollouts, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.rolloutPlan != null && $Object.hasOwnProperty.call(message, "rolloutPlan"))
                    $root.ota.v1.RolloutPlanRecord.encode(message.rolloutPlan, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdminAnswer message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.AdminAnswer
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.AdminAnswer & ota.v1.AdminAnswer.$Shape} AdminAnswer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdminAnswer.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.AdminAnswer();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.result = $root.ota.v1.AdminResult.decode(reader, reader.size(), $undefined, _depth + 1, message.result);
                            message.kind = "result";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.inventory = $root.ota.v1.Inventory.decode(reader, reader.size(), $undefined, _depth + 1, message.inventory);
                            message.kind = "inventory";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.releases = $root.ota.v1.ReleaseList.decode(reader, reader.size(), $undefined, _depth + 1, message.releases);
                            message.kind = "releases";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.rollouts = $root.ota.v1.RolloutList.decode(reader, reader.size(), $undefined, _depth + 1, message.rollouts);
                            message.kind = "rollouts";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.rolloutPlan = $root.ota.v1.RolloutPlanRecord.decode(reader, reader.size(), $undefined, _depth + 1, message.rolloutPlan);
                            message.kind = "rolloutPlan";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.alreadyCurrent = value;
                            else
                                delete message.alreadyCurrent;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an AdminAnswer message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.AdminAnswer
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.AdminAnswer} AdminAnswer
             */
            AdminAnswer.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.AdminAnswer)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.AdminAnswer: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.AdminAnswer();
                if (object.result != null) {
                    if (!$util.isObject(object.result))
                        throw $TypeError(".ota.v1.AdminAnswer.result: object expected");
                    message.result = $root.ota.v1.AdminResult.fromObject(object.result, _depth + 1);
                }
                if (object.inventory != null) {
                    if (!$util.isObject(object.inventory))
                        throw $TypeError(".ota.v1.AdminAnswer.inventory: object expected");
                    message.inventory = $root.ota.v1.Inventory.fromObject(object.inventory, _depth + 1);
                }
                if (object.releases != null) {
                    if (!$util.isObject(object.releases))
                        throw $TypeError(".ota.v1.AdminAnswer.releases: object expected");
                    message.releases = $root.ota.v1.ReleaseList.fromObject(object.releases, _depth + 1);
                }
                if (object.rollouts != null) {
                    if (!$util.isObject(object.rollouts))
                        throw $TypeError(".ota.v1.AdminAnswer.rollouts: object expected");
                    message.rollouts = $root.ota.v1.RolloutList.fromObject(object.rollouts, _depth + 1);
                }
                if (object.rolloutPlan != null) {
                    if (!$util.isObject(object.rolloutPlan))
                        throw $TypeError(".ota.v1.AdminAnswer.rolloutPlan: object expected");
                    message.rolloutPlan = $root.ota.v1.RolloutPlanRecord.fromObject(object.rolloutPlan, _depth + 1);
                }
                if (object.alreadyCurrent != null)
                    if (object.alreadyCurrent)
                        message.alreadyCurrent = $Boolean(object.alreadyCurrent);
                return message;
            };

            /**
             * Creates a plain object from an AdminAnswer message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.AdminAnswer
             * @static
             * @param {ota.v1.AdminAnswer} message AdminAnswer
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AdminAnswer.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.alreadyCurrent = false;
                if (message.result != null && $Object.hasOwnProperty.call(message, "result")) {
                    object.result = $root.ota.v1.AdminResult.toObject(message.result, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "result";
                }
                if (message.inventory != null && $Object.hasOwnProperty.call(message, "inventory")) {
                    object.inventory = $root.ota.v1.Inventory.toObject(message.inventory, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "inventory";
                }
                if (message.releases != null && $Object.hasOwnProperty.call(message, "releases")) {
                    object.releases = $root.ota.v1.ReleaseList.toObject(message.releases, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "releases";
                }
                if (message.alreadyCurrent != null && $Object.hasOwnProperty.call(message, "alreadyCurrent"))
                    object.alreadyCurrent = message.alreadyCurrent;
                if (message.rollouts != null && $Object.hasOwnProperty.call(message, "rollouts")) {
                    object.rollouts = $root.ota.v1.RolloutList.toObject(message.rollouts, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "rollouts";
                }
                if (message.rolloutPlan != null && $Object.hasOwnProperty.call(message, "rolloutPlan")) {
                    object.rolloutPlan = $root.ota.v1.RolloutPlanRecord.toObject(message.rolloutPlan, options, _depth + 1);
                    if (options.oneofs)
                        object.kind = "rolloutPlan";
                }
                return object;
            };

            /**
             * Converts this AdminAnswer to JSON.
             * @function toJSON
             * @memberof ota.v1.AdminAnswer
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AdminAnswer.prototype.toJSON = function() {
                return AdminAnswer.toObject(this, $protobuf.util.toJSONOptions);
            };

            return AdminAnswer;
        })();

        v1.DeviceRecord = (function() {

            /**
             * Properties of a DeviceRecord.
             * @typedef {Object} ota.v1.DeviceRecord.$Properties
             * @property {string|null} [deviceId] DeviceRecord deviceId
             * @property {string|null} [model] DeviceRecord model
             * @property {boolean|null} [online] DeviceRecord online
             * @property {number|null} [lastSeen] DeviceRecord lastSeen
             * @property {number|null} [connectedAt] DeviceRecord connectedAt
             * @property {string|null} [currentVersion] DeviceRecord currentVersion
             * @property {number|null} [securityVersion] DeviceRecord securityVersion
             * @property {ota.v1.State|null} [state] DeviceRecord state
             * @property {number|null} [result] DeviceRecord result
             * @property {string|null} [errorCode] DeviceRecord errorCode
             * @property {string|null} [targetVersion] DeviceRecord targetVersion
             * @property {string|null} [remoteAddress] DeviceRecord remoteAddress
             * @property {number|null} [reportedAt] DeviceRecord reportedAt
             * @property {string|null} [hardwareRevision] DeviceRecord hardwareRevision
             * @property {ota.v1.SupportStatus|null} [support] DeviceRecord support
             * @property {number|null} [endOfLifeAt] DeviceRecord endOfLifeAt
             * @property {Uint8Array|null} [sbomSha256] DeviceRecord sbomSha256
             * @property {boolean|null} [suspect] DeviceRecord suspect
             * @property {string|null} [suspectReason] DeviceRecord suspectReason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DeviceRecord.
             * @memberof ota.v1
             * @interface IDeviceRecord
             * @augments ota.v1.DeviceRecord.$Properties
             * @deprecated Use ota.v1.DeviceRecord.$Properties instead.
             */

            /**
             * Shape of a DeviceRecord.
             * @typedef {ota.v1.DeviceRecord.$Properties} ota.v1.DeviceRecord.$Shape
             */

            /**
             * Constructs a new DeviceRecord.
             * @memberof ota.v1
             * @classdesc Represents a DeviceRecord.
             * @constructor
             * @param {ota.v1.DeviceRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DeviceRecord = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DeviceRecord deviceId.
             * @member {string} deviceId
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.deviceId = "";

            /**
             * DeviceRecord model.
             * @member {string} model
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.model = "";

            /**
             * DeviceRecord online.
             * @member {boolean} online
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.online = false;

            /**
             * DeviceRecord lastSeen.
             * @member {number} lastSeen
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.lastSeen = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * DeviceRecord connectedAt.
             * @member {number} connectedAt
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.connectedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * DeviceRecord currentVersion.
             * @member {string} currentVersion
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.currentVersion = "";

            /**
             * DeviceRecord securityVersion.
             * @member {number} securityVersion
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.securityVersion = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * DeviceRecord state.
             * @member {ota.v1.State} state
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.state = 0;

            /**
             * DeviceRecord result.
             * @member {number} result
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.result = 0;

            /**
             * DeviceRecord errorCode.
             * @member {string} errorCode
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.errorCode = "";

            /**
             * DeviceRecord targetVersion.
             * @member {string} targetVersion
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.targetVersion = "";

            /**
             * DeviceRecord remoteAddress.
             * @member {string} remoteAddress
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.remoteAddress = "";

            /**
             * DeviceRecord reportedAt.
             * @member {number} reportedAt
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.reportedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * DeviceRecord hardwareRevision.
             * @member {string} hardwareRevision
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.hardwareRevision = "";

            /**
             * DeviceRecord support.
             * @member {ota.v1.SupportStatus} support
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.support = 0;

            /**
             * DeviceRecord endOfLifeAt.
             * @member {number} endOfLifeAt
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.endOfLifeAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * DeviceRecord sbomSha256.
             * @member {Uint8Array} sbomSha256
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.sbomSha256 = $util.newBuffer([]);

            /**
             * DeviceRecord suspect.
             * @member {boolean} suspect
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.suspect = false;

            /**
             * DeviceRecord suspectReason.
             * @member {string} suspectReason
             * @memberof ota.v1.DeviceRecord
             * @instance
             */
            DeviceRecord.prototype.suspectReason = "";

            /**
             * Creates a new DeviceRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.DeviceRecord
             * @static
             * @param {ota.v1.DeviceRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.DeviceRecord} DeviceRecord instance
             * @type {{
             *   (properties: ota.v1.DeviceRecord.$Shape): ota.v1.DeviceRecord & ota.v1.DeviceRecord.$Shape;
             *   (properties?: ota.v1.DeviceRecord.$Properties): ota.v1.DeviceRecord;
             * }}
             */
            DeviceRecord.create = function(properties) {
                return new DeviceRecord(properties);
            };

            /**
             * Encodes the specified DeviceRecord message. Does not implicitly {@link ota.v1.DeviceRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.DeviceRecord
             * @static
             * @param {ota.v1.DeviceRecord.$Properties} message DeviceRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeviceRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.deviceId);
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.model);
                if (message.online != null && $Object.hasOwnProperty.call(message, "online") && message.online !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.online);
                if (message.lastSeen != null && $Object.hasOwnProperty.call(message, "lastSeen") && (typeof message.lastSeen === "object" ? message.lastSeen.low || message.lastSeen.high : message.lastSeen !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.lastSeen);
                if (message.connectedAt != null && $Object.hasOwnProperty.call(message, "connectedAt") && (typeof message.connectedAt === "object" ? message.connectedAt.low || message.connectedAt.high : message.connectedAt !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.connectedAt);
                if (message.currentVersion != null && $Object.hasOwnProperty.call(message, "currentVersion") && message.currentVersion !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.currentVersion);
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion") && (typeof message.securityVersion === "object" ? message.securityVersion.low || message.securityVersion.high : message.securityVersion !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.securityVersion);
                if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).int32(message.state);
                if (message.result != null && $Object.hasOwnProperty.call(message, "result") && message.result !== 0)
                    writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.result);
                if (message.errorCode != null && $Object.hasOwnProperty.call(message, "errorCode") && message.errorCode !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.errorCode);
                if (message.targetVersion != null && $Object.hasOwnProperty.call(message, "targetVersion") && message.targetVersion !== "")
                    writer.uint32(/* id 11, wireType 2 =*/90).string(message.targetVersion);
                if (message.remoteAddress != null && $Object.hasOwnProperty.call(message, "remoteAddress") && message.remoteAddress !== "")
                    writer.uint32(/* id 12, wireType 2 =*/98).string(message.remoteAddress);
                if (message.reportedAt != null && $Object.hasOwnProperty.call(message, "reportedAt") && (typeof message.reportedAt === "object" ? message.reportedAt.low || message.reportedAt.high : message.reportedAt !== 0))
                    writer.uint32(/* id 13, wireType 0 =*/104).int64(message.reportedAt);
                if (message.hardwareRevision != null && $Object.hasOwnProperty.call(message, "hardwareRevision") && message.hardwareRevision !== "")
                    writer.uint32(/* id 14, wireType 2 =*/114).string(message.hardwareRevision);
                if (message.support != null && $Object.hasOwnProperty.call(message, "support") && message.support !== 0)
                    writer.uint32(/* id 15, wireType 0 =*/120).int32(message.support);
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt") && (typeof message.endOfLifeAt === "object" ? message.endOfLifeAt.low || message.endOfLifeAt.high : message.endOfLifeAt !== 0))
                    writer.uint32(/* id 16, wireType 0 =*/128).int64(message.endOfLifeAt);
                if (message.sbomSha256 != null && $Object.hasOwnProperty.call(message, "sbomSha256") && message.sbomSha256.length)
                    writer.uint32(/* id 17, wireType 2 =*/138).bytes(message.sbomSha256);
                if (message.suspect != null && $Object.hasOwnProperty.call(message, "suspect") && message.suspect !== false)
                    writer.uint32(/* id 18, wireType 0 =*/144).bool(message.suspect);
                if (message.suspectReason != null && $Object.hasOwnProperty.call(message, "suspectReason") && message.suspectReason !== "")
                    writer.uint32(/* id 19, wireType 2 =*/154).string(message.suspectReason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a DeviceRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.DeviceRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.DeviceRecord & ota.v1.DeviceRecord.$Shape} DeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeviceRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.DeviceRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.online = value;
                            else
                                delete message.online;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.lastSeen = value;
                            else
                                delete message.lastSeen;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.connectedAt = value;
                            else
                                delete message.connectedAt;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.currentVersion = value;
                            else
                                delete message.currentVersion;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.securityVersion = value;
                            else
                                delete message.securityVersion;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.state = value;
                            else
                                delete message.state;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.result = value;
                            else
                                delete message.result;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.errorCode = value;
                            else
                                delete message.errorCode;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.targetVersion = value;
                            else
                                delete message.targetVersion;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.remoteAddress = value;
                            else
                                delete message.remoteAddress;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.reportedAt = value;
                            else
                                delete message.reportedAt;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.hardwareRevision = value;
                            else
                                delete message.hardwareRevision;
                            continue;
                        }
                    case 15: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.support = value;
                            else
                                delete message.support;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.endOfLifeAt = value;
                            else
                                delete message.endOfLifeAt;
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.sbomSha256 = value;
                            else
                                delete message.sbomSha256;
                            continue;
                        }
                    case 18: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.suspect = value;
                            else
                                delete message.suspect;
                            continue;
                        }
                    case 19: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.suspectReason = value;
                            else
                                delete message.suspectReason;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a DeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.DeviceRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.DeviceRecord} DeviceRecord
             */
            DeviceRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.DeviceRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.DeviceRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.DeviceRecord();
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                if (object.model != null)
                    if (typeof object.model !== "string" || object.model.length)
                        message.model = $String(object.model);
                if (object.online != null)
                    if (object.online)
                        message.online = $Boolean(object.online);
                if (object.lastSeen != null)
                    if (typeof object.lastSeen === "object" ? object.lastSeen.low || object.lastSeen.high : $Number(object.lastSeen) !== 0)
                        if ($util.Long)
                            message.lastSeen = $util.Long.fromValue(object.lastSeen, false);
                        else if (typeof object.lastSeen === "string")
                            message.lastSeen = $parseInt(object.lastSeen, 10);
                        else if (typeof object.lastSeen === "number")
                            message.lastSeen = object.lastSeen;
                        else if (typeof object.lastSeen === "object")
                            message.lastSeen = new $util.LongBits(object.lastSeen.low >>> 0, object.lastSeen.high >>> 0).toNumber();
                if (object.connectedAt != null)
                    if (typeof object.connectedAt === "object" ? object.connectedAt.low || object.connectedAt.high : $Number(object.connectedAt) !== 0)
                        if ($util.Long)
                            message.connectedAt = $util.Long.fromValue(object.connectedAt, false);
                        else if (typeof object.connectedAt === "string")
                            message.connectedAt = $parseInt(object.connectedAt, 10);
                        else if (typeof object.connectedAt === "number")
                            message.connectedAt = object.connectedAt;
                        else if (typeof object.connectedAt === "object")
                            message.connectedAt = new $util.LongBits(object.connectedAt.low >>> 0, object.connectedAt.high >>> 0).toNumber();
                if (object.currentVersion != null)
                    if (typeof object.currentVersion !== "string" || object.currentVersion.length)
                        message.currentVersion = $String(object.currentVersion);
                if (object.securityVersion != null)
                    if (typeof object.securityVersion === "object" ? object.securityVersion.low || object.securityVersion.high : $Number(object.securityVersion) !== 0)
                        if ($util.Long)
                            message.securityVersion = $util.Long.fromValue(object.securityVersion, true);
                        else if (typeof object.securityVersion === "string")
                            message.securityVersion = $parseInt(object.securityVersion, 10);
                        else if (typeof object.securityVersion === "number")
                            message.securityVersion = object.securityVersion;
                        else if (typeof object.securityVersion === "object")
                            message.securityVersion = new $util.LongBits(object.securityVersion.low >>> 0, object.securityVersion.high >>> 0).toNumber(true);
                if (object.state !== 0 && (typeof object.state !== "string" || $root.ota.v1.State[object.state] !== 0))
                    switch (object.state) {
                    case "STATE_UNSPECIFIED":
                    case 0:
                        message.state = 0;
                        break;
                    case "STATE_IDLE":
                    case 1:
                        message.state = 1;
                        break;
                    case "STATE_OFFERED":
                    case 2:
                        message.state = 2;
                        break;
                    case "STATE_DEFERRED":
                    case 3:
                        message.state = 3;
                        break;
                    case "STATE_DOWNLOADING":
                    case 4:
                        message.state = 4;
                        break;
                    case "STATE_DOWNLOADED":
                    case 5:
                        message.state = 5;
                        break;
                    case "STATE_VERIFIED":
                    case 6:
                        message.state = 6;
                        break;
                    case "STATE_INSTALLING":
                    case 7:
                        message.state = 7;
                        break;
                    case "STATE_REBOOTING":
                    case 8:
                        message.state = 8;
                        break;
                    case "STATE_TRIAL":
                    case 9:
                        message.state = 9;
                        break;
                    case "STATE_CONFIRMED":
                    case 10:
                        message.state = 10;
                        break;
                    case "STATE_REVERTED":
                    case 11:
                        message.state = 11;
                        break;
                    case "STATE_FAILED":
                    case 12:
                        message.state = 12;
                        break;
                    case "STATE_REJECTED":
                    case 13:
                        message.state = 13;
                        break;
                    default:
                        if (typeof object.state === "number" && (object.state | 0) === object.state)
                            message.state = object.state;
                    }
                if (object.result != null)
                    if ($Number(object.result) !== 0)
                        message.result = object.result >>> 0;
                if (object.errorCode != null)
                    if (typeof object.errorCode !== "string" || object.errorCode.length)
                        message.errorCode = $String(object.errorCode);
                if (object.targetVersion != null)
                    if (typeof object.targetVersion !== "string" || object.targetVersion.length)
                        message.targetVersion = $String(object.targetVersion);
                if (object.remoteAddress != null)
                    if (typeof object.remoteAddress !== "string" || object.remoteAddress.length)
                        message.remoteAddress = $String(object.remoteAddress);
                if (object.reportedAt != null)
                    if (typeof object.reportedAt === "object" ? object.reportedAt.low || object.reportedAt.high : $Number(object.reportedAt) !== 0)
                        if ($util.Long)
                            message.reportedAt = $util.Long.fromValue(object.reportedAt, false);
                        else if (typeof object.reportedAt === "string")
                            message.reportedAt = $parseInt(object.reportedAt, 10);
                        else if (typeof object.reportedAt === "number")
                            message.reportedAt = object.reportedAt;
                        else if (typeof object.reportedAt === "object")
                            message.reportedAt = new $util.LongBits(object.reportedAt.low >>> 0, object.reportedAt.high >>> 0).toNumber();
                if (object.hardwareRevision != null)
                    if (typeof object.hardwareRevision !== "string" || object.hardwareRevision.length)
                        message.hardwareRevision = $String(object.hardwareRevision);
                if (object.support !== 0 && (typeof object.support !== "string" || $root.ota.v1.SupportStatus[object.support] !== 0))
                    switch (object.support) {
                    case "SUPPORT_UNKNOWN":
                    case 0:
                        message.support = 0;
                        break;
                    case "SUPPORT_SUPPORTED":
                    case 1:
                        message.support = 1;
                        break;
                    case "SUPPORT_ENDING":
                    case 2:
                        message.support = 2;
                        break;
                    case "SUPPORT_ENDED":
                    case 3:
                        message.support = 3;
                        break;
                    default:
                        if (typeof object.support === "number" && (object.support | 0) === object.support)
                            message.support = object.support;
                    }
                if (object.endOfLifeAt != null)
                    if (typeof object.endOfLifeAt === "object" ? object.endOfLifeAt.low || object.endOfLifeAt.high : $Number(object.endOfLifeAt) !== 0)
                        if ($util.Long)
                            message.endOfLifeAt = $util.Long.fromValue(object.endOfLifeAt, false);
                        else if (typeof object.endOfLifeAt === "string")
                            message.endOfLifeAt = $parseInt(object.endOfLifeAt, 10);
                        else if (typeof object.endOfLifeAt === "number")
                            message.endOfLifeAt = object.endOfLifeAt;
                        else if (typeof object.endOfLifeAt === "object")
                            message.endOfLifeAt = new $util.LongBits(object.endOfLifeAt.low >>> 0, object.endOfLifeAt.high >>> 0).toNumber();
                if (object.sbomSha256 != null)
                    if (object.sbomSha256.length)
                        if (typeof object.sbomSha256 === "string")
                            $util.base64.decode(object.sbomSha256, message.sbomSha256 = $util.newBuffer($util.base64.length(object.sbomSha256)), 0);
                        else if (object.sbomSha256.length >= 0)
                            message.sbomSha256 = object.sbomSha256;
                if (object.suspect != null)
                    if (object.suspect)
                        message.suspect = $Boolean(object.suspect);
                if (object.suspectReason != null)
                    if (typeof object.suspectReason !== "string" || object.suspectReason.length)
                        message.suspectReason = $String(object.suspectReason);
                return message;
            };

            /**
             * Creates a plain object from a DeviceRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.DeviceRecord
             * @static
             * @param {ota.v1.DeviceRecord} message DeviceRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DeviceRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.deviceId = "";
                    object.model = "";
                    object.online = false;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.lastSeen = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.lastSeen = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.connectedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.connectedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.currentVersion = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.securityVersion = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.securityVersion = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.state = options.enums === $String ? "STATE_UNSPECIFIED" : 0;
                    object.result = 0;
                    object.errorCode = "";
                    object.targetVersion = "";
                    object.remoteAddress = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.reportedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.reportedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.hardwareRevision = "";
                    object.support = options.enums === $String ? "SUPPORT_UNKNOWN" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.endOfLifeAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.endOfLifeAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.sbomSha256 = "";
                    else {
                        object.sbomSha256 = [];
                        if (options.bytes !== $Array)
                            object.sbomSha256 = $util.newBuffer(object.sbomSha256);
                    }
                    object.suspect = false;
                    object.suspectReason = "";
                }
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                if (message.model != null && $Object.hasOwnProperty.call(message, "model"))
                    object.model = message.model;
                if (message.online != null && $Object.hasOwnProperty.call(message, "online"))
                    object.online = message.online;
                if (message.lastSeen != null && $Object.hasOwnProperty.call(message, "lastSeen"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.lastSeen = typeof message.lastSeen === "number" ? $BigInt(message.lastSeen) : $util.Long.fromBits(message.lastSeen.low >>> 0, message.lastSeen.high >>> 0, false).toBigInt();
                    else if (typeof message.lastSeen === "number")
                        object.lastSeen = options.longs === $String ? $String(message.lastSeen) : message.lastSeen;
                    else
                        object.lastSeen = options.longs === $String ? $util.Long.prototype.toString.call(message.lastSeen) : options.longs === $Number ? new $util.LongBits(message.lastSeen.low >>> 0, message.lastSeen.high >>> 0).toNumber() : message.lastSeen;
                if (message.connectedAt != null && $Object.hasOwnProperty.call(message, "connectedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.connectedAt = typeof message.connectedAt === "number" ? $BigInt(message.connectedAt) : $util.Long.fromBits(message.connectedAt.low >>> 0, message.connectedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.connectedAt === "number")
                        object.connectedAt = options.longs === $String ? $String(message.connectedAt) : message.connectedAt;
                    else
                        object.connectedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.connectedAt) : options.longs === $Number ? new $util.LongBits(message.connectedAt.low >>> 0, message.connectedAt.high >>> 0).toNumber() : message.connectedAt;
                if (message.currentVersion != null && $Object.hasOwnProperty.call(message, "currentVersion"))
                    object.currentVersion = message.currentVersion;
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.securityVersion = typeof message.securityVersion === "number" ? $BigInt(message.securityVersion) : $util.Long.fromBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0, true).toBigInt();
                    else if (typeof message.securityVersion === "number")
                        object.securityVersion = options.longs === $String ? $String(message.securityVersion) : message.securityVersion;
                    else
                        object.securityVersion = options.longs === $String ? $util.Long.prototype.toString.call(message.securityVersion) : options.longs === $Number ? new $util.LongBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0).toNumber(true) : message.securityVersion;
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    object.state = options.enums === $String ? $root.ota.v1.State[message.state] === $undefined ? message.state : $root.ota.v1.State[message.state] : message.state;
                if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                    object.result = message.result;
                if (message.errorCode != null && $Object.hasOwnProperty.call(message, "errorCode"))
                    object.errorCode = message.errorCode;
                if (message.targetVersion != null && $Object.hasOwnProperty.call(message, "targetVersion"))
                    object.targetVersion = message.targetVersion;
                if (message.remoteAddress != null && $Object.hasOwnProperty.call(message, "remoteAddress"))
                    object.remoteAddress = message.remoteAddress;
                if (message.reportedAt != null && $Object.hasOwnProperty.call(message, "reportedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.reportedAt = typeof message.reportedAt === "number" ? $BigInt(message.reportedAt) : $util.Long.fromBits(message.reportedAt.low >>> 0, message.reportedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.reportedAt === "number")
                        object.reportedAt = options.longs === $String ? $String(message.reportedAt) : message.reportedAt;
                    else
                        object.reportedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.reportedAt) : options.longs === $Number ? new $util.LongBits(message.reportedAt.low >>> 0, message.reportedAt.high >>> 0).toNumber() : message.reportedAt;
                if (message.hardwareRevision != null && $Object.hasOwnProperty.call(message, "hardwareRevision"))
                    object.hardwareRevision = message.hardwareRevision;
                if (message.support != null && $Object.hasOwnProperty.call(message, "support"))
                    object.support = options.enums === $String ? $root.ota.v1.SupportStatus[message.support] === $undefined ? message.support : $root.ota.v1.SupportStatus[message.support] : message.support;
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.endOfLifeAt = typeof message.endOfLifeAt === "number" ? $BigInt(message.endOfLifeAt) : $util.Long.fromBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0, false).toBigInt();
                    else if (typeof message.endOfLifeAt === "number")
                        object.endOfLifeAt = options.longs === $String ? $String(message.endOfLifeAt) : message.endOfLifeAt;
                    else
                        object.endOfLifeAt = options.longs === $String ? $util.Long.prototype.toString.call(message.endOfLifeAt) : options.longs === $Number ? new $util.LongBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0).toNumber() : message.endOfLifeAt;
                if (message.sbomSha256 != null && $Object.hasOwnProperty.call(message, "sbomSha256"))
                    object.sbomSha256 = options.bytes === $String ? $util.base64.encode(message.sbomSha256, 0, message.sbomSha256.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.sbomSha256) : message.sbomSha256;
                if (message.suspect != null && $Object.hasOwnProperty.call(message, "suspect"))
                    object.suspect = message.suspect;
                if (message.suspectReason != null && $Object.hasOwnProperty.call(message, "suspectReason"))
                    object.suspectReason = message.suspectReason;
                return object;
            };

            /**
             * Converts this DeviceRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.DeviceRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DeviceRecord.prototype.toJSON = function() {
                return DeviceRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return DeviceRecord;
        })();

        v1.Inventory = (function() {

            /**
             * Properties of an Inventory.
             * @typedef {Object} ota.v1.Inventory.$Properties
             * @property {Array.<ota.v1.DeviceRecord.$Properties>|null} [devices] Inventory devices
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Inventory.
             * @memberof ota.v1
             * @interface IInventory
             * @augments ota.v1.Inventory.$Properties
             * @deprecated Use ota.v1.Inventory.$Properties instead.
             */

            /**
             * Shape of an Inventory.
             * @typedef {ota.v1.Inventory.$Properties} ota.v1.Inventory.$Shape
             */

            /**
             * Constructs a new Inventory.
             * @memberof ota.v1
             * @classdesc Represents an Inventory.
             * @constructor
             * @param {ota.v1.Inventory.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Inventory = function (properties) {
                this.devices = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Inventory devices.
             * @member {Array.<ota.v1.DeviceRecord.$Properties>} devices
             * @memberof ota.v1.Inventory
             * @instance
             */
            Inventory.prototype.devices = $util.emptyArray;

            /**
             * Creates a new Inventory instance using the specified properties.
             * @function create
             * @memberof ota.v1.Inventory
             * @static
             * @param {ota.v1.Inventory.$Properties=} [properties] Properties to set
             * @returns {ota.v1.Inventory} Inventory instance
             * @type {{
             *   (properties: ota.v1.Inventory.$Shape): ota.v1.Inventory & ota.v1.Inventory.$Shape;
             *   (properties?: ota.v1.Inventory.$Properties): ota.v1.Inventory;
             * }}
             */
            Inventory.create = function(properties) {
                return new Inventory(properties);
            };

            /**
             * Encodes the specified Inventory message. Does not implicitly {@link ota.v1.Inventory.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.Inventory
             * @static
             * @param {ota.v1.Inventory.$Properties} message Inventory message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Inventory.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.devices != null && message.devices.length)
                    for (let i = 0; i < message.devices.length; ++i)
                        $root.ota.v1.DeviceRecord.encode(message.devices[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Inventory message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.Inventory
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.Inventory & ota.v1.Inventory.$Shape} Inventory
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Inventory.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.Inventory();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.devices && message.devices.length))
                                message.devices = [];
                            message.devices.push($root.ota.v1.DeviceRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an Inventory message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.Inventory
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.Inventory} Inventory
             */
            Inventory.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.Inventory)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.Inventory: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.Inventory();
                if (object.devices) {
                    if (!$Array.isArray(object.devices))
                        throw $TypeError(".ota.v1.Inventory.devices: array expected");
                    message.devices = $Array(object.devices.length);
                    for (let i = 0; i < object.devices.length; ++i) {
                        if (!$util.isObject(object.devices[i]))
                            throw $TypeError(".ota.v1.Inventory.devices: object expected");
                        message.devices[i] = $root.ota.v1.DeviceRecord.fromObject(object.devices[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an Inventory message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.Inventory
             * @static
             * @param {ota.v1.Inventory} message Inventory
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Inventory.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.devices = [];
                if (message.devices && message.devices.length) {
                    object.devices = $Array(message.devices.length);
                    for (let j = 0; j < message.devices.length; ++j)
                        object.devices[j] = $root.ota.v1.DeviceRecord.toObject(message.devices[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this Inventory to JSON.
             * @function toJSON
             * @memberof ota.v1.Inventory
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Inventory.prototype.toJSON = function() {
                return Inventory.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Inventory;
        })();

        v1.ReleaseRecord = (function() {

            /**
             * Properties of a ReleaseRecord.
             * @typedef {Object} ota.v1.ReleaseRecord.$Properties
             * @property {string|null} [model] ReleaseRecord model
             * @property {string|null} [version] ReleaseRecord version
             * @property {number|null} [securityVersion] ReleaseRecord securityVersion
             * @property {number|null} [sequence] ReleaseRecord sequence
             * @property {number|null} [size] ReleaseRecord size
             * @property {number|null} [chunks] ReleaseRecord chunks
             * @property {number|null} [chunkSize] ReleaseRecord chunkSize
             * @property {number|null} [expiresAt] ReleaseRecord expiresAt
             * @property {number|null} [publishedAt] ReleaseRecord publishedAt
             * @property {Uint8Array|null} [artifact] ReleaseRecord artifact
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReleaseRecord.
             * @memberof ota.v1
             * @interface IReleaseRecord
             * @augments ota.v1.ReleaseRecord.$Properties
             * @deprecated Use ota.v1.ReleaseRecord.$Properties instead.
             */

            /**
             * Shape of a ReleaseRecord.
             * @typedef {ota.v1.ReleaseRecord.$Properties} ota.v1.ReleaseRecord.$Shape
             */

            /**
             * Constructs a new ReleaseRecord.
             * @memberof ota.v1
             * @classdesc Represents a ReleaseRecord.
             * @constructor
             * @param {ota.v1.ReleaseRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReleaseRecord = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReleaseRecord model.
             * @member {string} model
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.model = "";

            /**
             * ReleaseRecord version.
             * @member {string} version
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.version = "";

            /**
             * ReleaseRecord securityVersion.
             * @member {number} securityVersion
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.securityVersion = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ReleaseRecord sequence.
             * @member {number} sequence
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.sequence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ReleaseRecord size.
             * @member {number} size
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ReleaseRecord chunks.
             * @member {number} chunks
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.chunks = 0;

            /**
             * ReleaseRecord chunkSize.
             * @member {number} chunkSize
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.chunkSize = 0;

            /**
             * ReleaseRecord expiresAt.
             * @member {number} expiresAt
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.expiresAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ReleaseRecord publishedAt.
             * @member {number} publishedAt
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.publishedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ReleaseRecord artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.ReleaseRecord
             * @instance
             */
            ReleaseRecord.prototype.artifact = $util.newBuffer([]);

            /**
             * Creates a new ReleaseRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.ReleaseRecord
             * @static
             * @param {ota.v1.ReleaseRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.ReleaseRecord} ReleaseRecord instance
             * @type {{
             *   (properties: ota.v1.ReleaseRecord.$Shape): ota.v1.ReleaseRecord & ota.v1.ReleaseRecord.$Shape;
             *   (properties?: ota.v1.ReleaseRecord.$Properties): ota.v1.ReleaseRecord;
             * }}
             */
            ReleaseRecord.create = function(properties) {
                return new ReleaseRecord(properties);
            };

            /**
             * Encodes the specified ReleaseRecord message. Does not implicitly {@link ota.v1.ReleaseRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.ReleaseRecord
             * @static
             * @param {ota.v1.ReleaseRecord.$Properties} message ReleaseRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReleaseRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.model);
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.version);
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion") && (typeof message.securityVersion === "object" ? message.securityVersion.low || message.securityVersion.high : message.securityVersion !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.securityVersion);
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence") && (typeof message.sequence === "object" ? message.sequence.low || message.sequence.high : message.sequence !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.sequence);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.size);
                if (message.chunks != null && $Object.hasOwnProperty.call(message, "chunks") && message.chunks !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.chunks);
                if (message.chunkSize != null && $Object.hasOwnProperty.call(message, "chunkSize") && message.chunkSize !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.chunkSize);
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt") && (typeof message.expiresAt === "object" ? message.expiresAt.low || message.expiresAt.high : message.expiresAt !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.expiresAt);
                if (message.publishedAt != null && $Object.hasOwnProperty.call(message, "publishedAt") && (typeof message.publishedAt === "object" ? message.publishedAt.low || message.publishedAt.high : message.publishedAt !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.publishedAt);
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 10, wireType 2 =*/82).bytes(message.artifact);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReleaseRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.ReleaseRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.ReleaseRecord & ota.v1.ReleaseRecord.$Shape} ReleaseRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReleaseRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.ReleaseRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.securityVersion = value;
                            else
                                delete message.securityVersion;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.sequence = value;
                            else
                                delete message.sequence;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.chunks = value;
                            else
                                delete message.chunks;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.chunkSize = value;
                            else
                                delete message.chunkSize;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAt = value;
                            else
                                delete message.expiresAt;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.publishedAt = value;
                            else
                                delete message.publishedAt;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a ReleaseRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.ReleaseRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.ReleaseRecord} ReleaseRecord
             */
            ReleaseRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.ReleaseRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.ReleaseRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.ReleaseRecord();
                if (object.model != null)
                    if (typeof object.model !== "string" || object.model.length)
                        message.model = $String(object.model);
                if (object.version != null)
                    if (typeof object.version !== "string" || object.version.length)
                        message.version = $String(object.version);
                if (object.securityVersion != null)
                    if (typeof object.securityVersion === "object" ? object.securityVersion.low || object.securityVersion.high : $Number(object.securityVersion) !== 0)
                        if ($util.Long)
                            message.securityVersion = $util.Long.fromValue(object.securityVersion, true);
                        else if (typeof object.securityVersion === "string")
                            message.securityVersion = $parseInt(object.securityVersion, 10);
                        else if (typeof object.securityVersion === "number")
                            message.securityVersion = object.securityVersion;
                        else if (typeof object.securityVersion === "object")
                            message.securityVersion = new $util.LongBits(object.securityVersion.low >>> 0, object.securityVersion.high >>> 0).toNumber(true);
                if (object.sequence != null)
                    if (typeof object.sequence === "object" ? object.sequence.low || object.sequence.high : $Number(object.sequence) !== 0)
                        if ($util.Long)
                            message.sequence = $util.Long.fromValue(object.sequence, true);
                        else if (typeof object.sequence === "string")
                            message.sequence = $parseInt(object.sequence, 10);
                        else if (typeof object.sequence === "number")
                            message.sequence = object.sequence;
                        else if (typeof object.sequence === "object")
                            message.sequence = new $util.LongBits(object.sequence.low >>> 0, object.sequence.high >>> 0).toNumber(true);
                if (object.size != null)
                    if (typeof object.size === "object" ? object.size.low || object.size.high : $Number(object.size) !== 0)
                        if ($util.Long)
                            message.size = $util.Long.fromValue(object.size, true);
                        else if (typeof object.size === "string")
                            message.size = $parseInt(object.size, 10);
                        else if (typeof object.size === "number")
                            message.size = object.size;
                        else if (typeof object.size === "object")
                            message.size = new $util.LongBits(object.size.low >>> 0, object.size.high >>> 0).toNumber(true);
                if (object.chunks != null)
                    if ($Number(object.chunks) !== 0)
                        message.chunks = object.chunks >>> 0;
                if (object.chunkSize != null)
                    if ($Number(object.chunkSize) !== 0)
                        message.chunkSize = object.chunkSize >>> 0;
                if (object.expiresAt != null)
                    if (typeof object.expiresAt === "object" ? object.expiresAt.low || object.expiresAt.high : $Number(object.expiresAt) !== 0)
                        if ($util.Long)
                            message.expiresAt = $util.Long.fromValue(object.expiresAt, false);
                        else if (typeof object.expiresAt === "string")
                            message.expiresAt = $parseInt(object.expiresAt, 10);
                        else if (typeof object.expiresAt === "number")
                            message.expiresAt = object.expiresAt;
                        else if (typeof object.expiresAt === "object")
                            message.expiresAt = new $util.LongBits(object.expiresAt.low >>> 0, object.expiresAt.high >>> 0).toNumber();
                if (object.publishedAt != null)
                    if (typeof object.publishedAt === "object" ? object.publishedAt.low || object.publishedAt.high : $Number(object.publishedAt) !== 0)
                        if ($util.Long)
                            message.publishedAt = $util.Long.fromValue(object.publishedAt, false);
                        else if (typeof object.publishedAt === "string")
                            message.publishedAt = $parseInt(object.publishedAt, 10);
                        else if (typeof object.publishedAt === "number")
                            message.publishedAt = object.publishedAt;
                        else if (typeof object.publishedAt === "object")
                            message.publishedAt = new $util.LongBits(object.publishedAt.low >>> 0, object.publishedAt.high >>> 0).toNumber();
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                return message;
            };

            /**
             * Creates a plain object from a ReleaseRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.ReleaseRecord
             * @static
             * @param {ota.v1.ReleaseRecord} message ReleaseRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ReleaseRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.model = "";
                    object.version = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.securityVersion = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.securityVersion = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sequence = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.sequence = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.size = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.size = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.chunks = 0;
                    object.chunkSize = 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.expiresAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.expiresAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.publishedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.publishedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                }
                if (message.model != null && $Object.hasOwnProperty.call(message, "model"))
                    object.model = message.model;
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.securityVersion = typeof message.securityVersion === "number" ? $BigInt(message.securityVersion) : $util.Long.fromBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0, true).toBigInt();
                    else if (typeof message.securityVersion === "number")
                        object.securityVersion = options.longs === $String ? $String(message.securityVersion) : message.securityVersion;
                    else
                        object.securityVersion = options.longs === $String ? $util.Long.prototype.toString.call(message.securityVersion) : options.longs === $Number ? new $util.LongBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0).toNumber(true) : message.securityVersion;
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.sequence = typeof message.sequence === "number" ? $BigInt(message.sequence) : $util.Long.fromBits(message.sequence.low >>> 0, message.sequence.high >>> 0, true).toBigInt();
                    else if (typeof message.sequence === "number")
                        object.sequence = options.longs === $String ? $String(message.sequence) : message.sequence;
                    else
                        object.sequence = options.longs === $String ? $util.Long.prototype.toString.call(message.sequence) : options.longs === $Number ? new $util.LongBits(message.sequence.low >>> 0, message.sequence.high >>> 0).toNumber(true) : message.sequence;
                if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.size = typeof message.size === "number" ? $BigInt(message.size) : $util.Long.fromBits(message.size.low >>> 0, message.size.high >>> 0, true).toBigInt();
                    else if (typeof message.size === "number")
                        object.size = options.longs === $String ? $String(message.size) : message.size;
                    else
                        object.size = options.longs === $String ? $util.Long.prototype.toString.call(message.size) : options.longs === $Number ? new $util.LongBits(message.size.low >>> 0, message.size.high >>> 0).toNumber(true) : message.size;
                if (message.chunks != null && $Object.hasOwnProperty.call(message, "chunks"))
                    object.chunks = message.chunks;
                if (message.chunkSize != null && $Object.hasOwnProperty.call(message, "chunkSize"))
                    object.chunkSize = message.chunkSize;
                if (message.expiresAt != null && $Object.hasOwnProperty.call(message, "expiresAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.expiresAt = typeof message.expiresAt === "number" ? $BigInt(message.expiresAt) : $util.Long.fromBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0, false).toBigInt();
                    else if (typeof message.expiresAt === "number")
                        object.expiresAt = options.longs === $String ? $String(message.expiresAt) : message.expiresAt;
                    else
                        object.expiresAt = options.longs === $String ? $util.Long.prototype.toString.call(message.expiresAt) : options.longs === $Number ? new $util.LongBits(message.expiresAt.low >>> 0, message.expiresAt.high >>> 0).toNumber() : message.expiresAt;
                if (message.publishedAt != null && $Object.hasOwnProperty.call(message, "publishedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.publishedAt = typeof message.publishedAt === "number" ? $BigInt(message.publishedAt) : $util.Long.fromBits(message.publishedAt.low >>> 0, message.publishedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.publishedAt === "number")
                        object.publishedAt = options.longs === $String ? $String(message.publishedAt) : message.publishedAt;
                    else
                        object.publishedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.publishedAt) : options.longs === $Number ? new $util.LongBits(message.publishedAt.low >>> 0, message.publishedAt.high >>> 0).toNumber() : message.publishedAt;
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                return object;
            };

            /**
             * Converts this ReleaseRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.ReleaseRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ReleaseRecord.prototype.toJSON = function() {
                return ReleaseRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ReleaseRecord;
        })();

        v1.ReleaseList = (function() {

            /**
             * Properties of a ReleaseList.
             * @typedef {Object} ota.v1.ReleaseList.$Properties
             * @property {Array.<ota.v1.ReleaseRecord.$Properties>|null} [releases] ReleaseList releases
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReleaseList.
             * @memberof ota.v1
             * @interface IReleaseList
             * @augments ota.v1.ReleaseList.$Properties
             * @deprecated Use ota.v1.ReleaseList.$Properties instead.
             */

            /**
             * Shape of a ReleaseList.
             * @typedef {ota.v1.ReleaseList.$Properties} ota.v1.ReleaseList.$Shape
             */

            /**
             * Constructs a new ReleaseList.
             * @memberof ota.v1
             * @classdesc Represents a ReleaseList.
             * @constructor
             * @param {ota.v1.ReleaseList.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReleaseList = function (properties) {
                this.releases = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReleaseList releases.
             * @member {Array.<ota.v1.ReleaseRecord.$Properties>} releases
             * @memberof ota.v1.ReleaseList
             * @instance
             */
            ReleaseList.prototype.releases = $util.emptyArray;

            /**
             * Creates a new ReleaseList instance using the specified properties.
             * @function create
             * @memberof ota.v1.ReleaseList
             * @static
             * @param {ota.v1.ReleaseList.$Properties=} [properties] Properties to set
             * @returns {ota.v1.ReleaseList} ReleaseList instance
             * @type {{
             *   (properties: ota.v1.ReleaseList.$Shape): ota.v1.ReleaseList & ota.v1.ReleaseList.$Shape;
             *   (properties?: ota.v1.ReleaseList.$Properties): ota.v1.ReleaseList;
             * }}
             */
            ReleaseList.create = function(properties) {
                return new ReleaseList(properties);
            };

            /**
             * Encodes the specified ReleaseList message. Does not implicitly {@link ota.v1.ReleaseList.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.ReleaseList
             * @static
             * @param {ota.v1.ReleaseList.$Properties} message ReleaseList message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReleaseList.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.releases != null && message.releases.length)
                    for (let i = 0; i < message.releases.length; ++i)
                        $root.ota.v1.ReleaseRecord.encode(message.releases[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReleaseList message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.ReleaseList
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.ReleaseList & ota.v1.ReleaseList.$Shape} ReleaseList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReleaseList.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.ReleaseList();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.releases && message.releases.length))
                                message.releases = [];
                            message.releases.push($root.ota.v1.ReleaseRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a ReleaseList message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.ReleaseList
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.ReleaseList} ReleaseList
             */
            ReleaseList.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.ReleaseList)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.ReleaseList: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.ReleaseList();
                if (object.releases) {
                    if (!$Array.isArray(object.releases))
                        throw $TypeError(".ota.v1.ReleaseList.releases: array expected");
                    message.releases = $Array(object.releases.length);
                    for (let i = 0; i < object.releases.length; ++i) {
                        if (!$util.isObject(object.releases[i]))
                            throw $TypeError(".ota.v1.ReleaseList.releases: object expected");
                        message.releases[i] = $root.ota.v1.ReleaseRecord.fromObject(object.releases[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a ReleaseList message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.ReleaseList
             * @static
             * @param {ota.v1.ReleaseList} message ReleaseList
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ReleaseList.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.releases = [];
                if (message.releases && message.releases.length) {
                    object.releases = $Array(message.releases.length);
                    for (let j = 0; j < message.releases.length; ++j)
                        object.releases[j] = $root.ota.v1.ReleaseRecord.toObject(message.releases[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this ReleaseList to JSON.
             * @function toJSON
             * @memberof ota.v1.ReleaseList
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ReleaseList.prototype.toJSON = function() {
                return ReleaseList.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ReleaseList;
        })();

        v1.RolloutSpecRecord = (function() {

            /**
             * Properties of a RolloutSpecRecord.
             * @typedef {Object} ota.v1.RolloutSpecRecord.$Properties
             * @property {Array.<number>|null} [waves] RolloutSpecRecord waves
             * @property {number|null} [success] RolloutSpecRecord success
             * @property {number|null} [maxFailures] RolloutSpecRecord maxFailures
             * @property {number|null} [minDevices] RolloutSpecRecord minDevices
             * @property {number|null} [waveTimeoutMs] RolloutSpecRecord waveTimeoutMs
             * @property {number|null} [confirmTimeoutMs] RolloutSpecRecord confirmTimeoutMs
             * @property {Array.<string>|null} [devices] RolloutSpecRecord devices
             * @property {string|null} [group] RolloutSpecRecord group
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutSpecRecord.
             * @memberof ota.v1
             * @interface IRolloutSpecRecord
             * @augments ota.v1.RolloutSpecRecord.$Properties
             * @deprecated Use ota.v1.RolloutSpecRecord.$Properties instead.
             */

            /**
             * Shape of a RolloutSpecRecord.
             * @typedef {ota.v1.RolloutSpecRecord.$Properties} ota.v1.RolloutSpecRecord.$Shape
             */

            /**
             * Constructs a new RolloutSpecRecord.
             * @memberof ota.v1
             * @classdesc Represents a RolloutSpecRecord.
             * @constructor
             * @param {ota.v1.RolloutSpecRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutSpecRecord = function (properties) {
                this.waves = [];
                this.devices = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutSpecRecord waves.
             * @member {Array.<number>} waves
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.waves = $util.emptyArray;

            /**
             * RolloutSpecRecord success.
             * @member {number|null|undefined} success
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.success = null;

            /**
             * RolloutSpecRecord maxFailures.
             * @member {number|null|undefined} maxFailures
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.maxFailures = null;

            /**
             * RolloutSpecRecord minDevices.
             * @member {number|null|undefined} minDevices
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.minDevices = null;

            /**
             * RolloutSpecRecord waveTimeoutMs.
             * @member {number|null|undefined} waveTimeoutMs
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.waveTimeoutMs = null;

            /**
             * RolloutSpecRecord confirmTimeoutMs.
             * @member {number|null|undefined} confirmTimeoutMs
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.confirmTimeoutMs = null;

            /**
             * RolloutSpecRecord devices.
             * @member {Array.<string>} devices
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.devices = $util.emptyArray;

            /**
             * RolloutSpecRecord group.
             * @member {string} group
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             */
            RolloutSpecRecord.prototype.group = "";

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(RolloutSpecRecord.prototype, "_success", {
                get: $util.oneOfGetter($oneOfFields = ["success"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(RolloutSpecRecord.prototype, "_maxFailures", {
                get: $util.oneOfGetter($oneOfFields = ["maxFailures"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(RolloutSpecRecord.prototype, "_minDevices", {
                get: $util.oneOfGetter($oneOfFields = ["minDevices"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(RolloutSpecRecord.prototype, "_waveTimeoutMs", {
                get: $util.oneOfGetter($oneOfFields = ["waveTimeoutMs"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(RolloutSpecRecord.prototype, "_confirmTimeoutMs", {
                get: $util.oneOfGetter($oneOfFields = ["confirmTimeoutMs"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new RolloutSpecRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutSpecRecord
             * @static
             * @param {ota.v1.RolloutSpecRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutSpecRecord} RolloutSpecRecord instance
             * @type {{
             *   (properties: ota.v1.RolloutSpecRecord.$Shape): ota.v1.RolloutSpecRecord & ota.v1.RolloutSpecRecord.$Shape;
             *   (properties?: ota.v1.RolloutSpecRecord.$Properties): ota.v1.RolloutSpecRecord;
             * }}
             */
            RolloutSpecRecord.create = function(properties) {
                return new RolloutSpecRecord(properties);
            };

            /**
             * Encodes the specified RolloutSpecRecord message. Does not implicitly {@link ota.v1.RolloutSpecRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutSpecRecord
             * @static
             * @param {ota.v1.RolloutSpecRecord.$Properties} message RolloutSpecRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutSpecRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.waves != null && message.waves.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).doubles(message.waves);
                if (message.success != null && $Object.hasOwnProperty.call(message, "success"))
                    writer.uint32(/* id 2, wireType 1 =*/17).double(message.success);
                if (message.maxFailures != null && $Object.hasOwnProperty.call(message, "maxFailures"))
                    writer.uint32(/* id 3, wireType 1 =*/25).double(message.maxFailures);
                if (message.minDevices != null && $Object.hasOwnProperty.call(message, "minDevices"))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.minDevices);
                if (message.waveTimeoutMs != null && $Object.hasOwnProperty.call(message, "waveTimeoutMs"))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.waveTimeoutMs);
                if (message.confirmTimeoutMs != null && $Object.hasOwnProperty.call(message, "confirmTimeoutMs"))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.confirmTimeoutMs);
                if (message.devices != null && message.devices.length)
                    for (let i = 0; i < message.devices.length; ++i)
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.devices[i]);
                if (message.group != null && $Object.hasOwnProperty.call(message, "group") && message.group !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.group);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutSpecRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutSpecRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutSpecRecord & ota.v1.RolloutSpecRecord.$Shape} RolloutSpecRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutSpecRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutSpecRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType === 2) {
                                if (!(message.waves && message.waves.length))
                                    message.waves = [];
                                reader.doubles(message.waves);
                                continue;
                            }
                            if (wireType !== 1)
                                break;
                            if (!(message.waves && message.waves.length))
                                message.waves = [];
                            message.waves.push(reader.double());
                            continue;
                        }
                    case 2: {
                            if (wireType !== 1)
                                break;
                            message.success = reader.double();
                            message._success = "success";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 1)
                                break;
                            message.maxFailures = reader.double();
                            message._maxFailures = "maxFailures";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.minDevices = reader.uint32();
                            message._minDevices = "minDevices";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            message.waveTimeoutMs = reader.uint64();
                            message._waveTimeoutMs = "waveTimeoutMs";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            message.confirmTimeoutMs = reader.uint64();
                            message._confirmTimeoutMs = "confirmTimeoutMs";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.devices && message.devices.length))
                                message.devices = [];
                            message.devices.push(reader.stringVerify());
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.group = value;
                            else
                                delete message.group;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutSpecRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutSpecRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutSpecRecord} RolloutSpecRecord
             */
            RolloutSpecRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutSpecRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutSpecRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutSpecRecord();
                if (object.waves) {
                    if (!$Array.isArray(object.waves))
                        throw $TypeError(".ota.v1.RolloutSpecRecord.waves: array expected");
                    message.waves = $Array(object.waves.length);
                    for (let i = 0; i < object.waves.length; ++i)
                        message.waves[i] = $Number(object.waves[i]);
                }
                if (object.success != null)
                    message.success = $Number(object.success);
                if (object.maxFailures != null)
                    message.maxFailures = $Number(object.maxFailures);
                if (object.minDevices != null)
                    message.minDevices = object.minDevices >>> 0;
                if (object.waveTimeoutMs != null)
                    if ($util.Long)
                        message.waveTimeoutMs = $util.Long.fromValue(object.waveTimeoutMs, true);
                    else if (typeof object.waveTimeoutMs === "string")
                        message.waveTimeoutMs = $parseInt(object.waveTimeoutMs, 10);
                    else if (typeof object.waveTimeoutMs === "number")
                        message.waveTimeoutMs = object.waveTimeoutMs;
                    else if (typeof object.waveTimeoutMs === "object")
                        message.waveTimeoutMs = new $util.LongBits(object.waveTimeoutMs.low >>> 0, object.waveTimeoutMs.high >>> 0).toNumber(true);
                if (object.confirmTimeoutMs != null)
                    if ($util.Long)
                        message.confirmTimeoutMs = $util.Long.fromValue(object.confirmTimeoutMs, true);
                    else if (typeof object.confirmTimeoutMs === "string")
                        message.confirmTimeoutMs = $parseInt(object.confirmTimeoutMs, 10);
                    else if (typeof object.confirmTimeoutMs === "number")
                        message.confirmTimeoutMs = object.confirmTimeoutMs;
                    else if (typeof object.confirmTimeoutMs === "object")
                        message.confirmTimeoutMs = new $util.LongBits(object.confirmTimeoutMs.low >>> 0, object.confirmTimeoutMs.high >>> 0).toNumber(true);
                if (object.devices) {
                    if (!$Array.isArray(object.devices))
                        throw $TypeError(".ota.v1.RolloutSpecRecord.devices: array expected");
                    message.devices = $Array(object.devices.length);
                    for (let i = 0; i < object.devices.length; ++i)
                        message.devices[i] = $String(object.devices[i]);
                }
                if (object.group != null)
                    if (typeof object.group !== "string" || object.group.length)
                        message.group = $String(object.group);
                return message;
            };

            /**
             * Creates a plain object from a RolloutSpecRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutSpecRecord
             * @static
             * @param {ota.v1.RolloutSpecRecord} message RolloutSpecRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutSpecRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.waves = [];
                    object.devices = [];
                }
                if (options.defaults)
                    object.group = "";
                if (message.waves && message.waves.length) {
                    object.waves = $Array(message.waves.length);
                    for (let j = 0; j < message.waves.length; ++j)
                        object.waves[j] = options.json && !$isFinite(message.waves[j]) ? $String(message.waves[j]) : message.waves[j];
                }
                if (message.success != null && $Object.hasOwnProperty.call(message, "success"))
                    object.success = options.json && !$isFinite(message.success) ? $String(message.success) : message.success;
                if (message.maxFailures != null && $Object.hasOwnProperty.call(message, "maxFailures"))
                    object.maxFailures = options.json && !$isFinite(message.maxFailures) ? $String(message.maxFailures) : message.maxFailures;
                if (message.minDevices != null && $Object.hasOwnProperty.call(message, "minDevices"))
                    object.minDevices = message.minDevices;
                if (message.waveTimeoutMs != null && $Object.hasOwnProperty.call(message, "waveTimeoutMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.waveTimeoutMs = typeof message.waveTimeoutMs === "number" ? $BigInt(message.waveTimeoutMs) : $util.Long.fromBits(message.waveTimeoutMs.low >>> 0, message.waveTimeoutMs.high >>> 0, true).toBigInt();
                    else if (typeof message.waveTimeoutMs === "number")
                        object.waveTimeoutMs = options.longs === $String ? $String(message.waveTimeoutMs) : message.waveTimeoutMs;
                    else
                        object.waveTimeoutMs = options.longs === $String ? $util.Long.prototype.toString.call(message.waveTimeoutMs) : options.longs === $Number ? new $util.LongBits(message.waveTimeoutMs.low >>> 0, message.waveTimeoutMs.high >>> 0).toNumber(true) : message.waveTimeoutMs;
                if (message.confirmTimeoutMs != null && $Object.hasOwnProperty.call(message, "confirmTimeoutMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.confirmTimeoutMs = typeof message.confirmTimeoutMs === "number" ? $BigInt(message.confirmTimeoutMs) : $util.Long.fromBits(message.confirmTimeoutMs.low >>> 0, message.confirmTimeoutMs.high >>> 0, true).toBigInt();
                    else if (typeof message.confirmTimeoutMs === "number")
                        object.confirmTimeoutMs = options.longs === $String ? $String(message.confirmTimeoutMs) : message.confirmTimeoutMs;
                    else
                        object.confirmTimeoutMs = options.longs === $String ? $util.Long.prototype.toString.call(message.confirmTimeoutMs) : options.longs === $Number ? new $util.LongBits(message.confirmTimeoutMs.low >>> 0, message.confirmTimeoutMs.high >>> 0).toNumber(true) : message.confirmTimeoutMs;
                if (message.devices && message.devices.length) {
                    object.devices = $Array(message.devices.length);
                    for (let j = 0; j < message.devices.length; ++j)
                        object.devices[j] = message.devices[j];
                }
                if (message.group != null && $Object.hasOwnProperty.call(message, "group"))
                    object.group = message.group;
                return object;
            };

            /**
             * Converts this RolloutSpecRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutSpecRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutSpecRecord.prototype.toJSON = function() {
                return RolloutSpecRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutSpecRecord;
        })();

        v1.RolloutStartRequest = (function() {

            /**
             * Properties of a RolloutStartRequest.
             * @typedef {Object} ota.v1.RolloutStartRequest.$Properties
             * @property {Uint8Array|null} [bundle] RolloutStartRequest bundle
             * @property {ota.v1.RolloutSpecRecord.$Properties|null} [spec] RolloutStartRequest spec
             * @property {boolean|null} [force] RolloutStartRequest force
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutStartRequest.
             * @memberof ota.v1
             * @interface IRolloutStartRequest
             * @augments ota.v1.RolloutStartRequest.$Properties
             * @deprecated Use ota.v1.RolloutStartRequest.$Properties instead.
             */

            /**
             * Shape of a RolloutStartRequest.
             * @typedef {ota.v1.RolloutStartRequest.$Properties} ota.v1.RolloutStartRequest.$Shape
             */

            /**
             * Constructs a new RolloutStartRequest.
             * @memberof ota.v1
             * @classdesc Represents a RolloutStartRequest.
             * @constructor
             * @param {ota.v1.RolloutStartRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutStartRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutStartRequest bundle.
             * @member {Uint8Array} bundle
             * @memberof ota.v1.RolloutStartRequest
             * @instance
             */
            RolloutStartRequest.prototype.bundle = $util.newBuffer([]);

            /**
             * RolloutStartRequest spec.
             * @member {ota.v1.RolloutSpecRecord.$Properties|null|undefined} spec
             * @memberof ota.v1.RolloutStartRequest
             * @instance
             */
            RolloutStartRequest.prototype.spec = null;

            /**
             * RolloutStartRequest force.
             * @member {boolean} force
             * @memberof ota.v1.RolloutStartRequest
             * @instance
             */
            RolloutStartRequest.prototype.force = false;

            /**
             * Creates a new RolloutStartRequest instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutStartRequest
             * @static
             * @param {ota.v1.RolloutStartRequest.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutStartRequest} RolloutStartRequest instance
             * @type {{
             *   (properties: ota.v1.RolloutStartRequest.$Shape): ota.v1.RolloutStartRequest & ota.v1.RolloutStartRequest.$Shape;
             *   (properties?: ota.v1.RolloutStartRequest.$Properties): ota.v1.RolloutStartRequest;
             * }}
             */
            RolloutStartRequest.create = function(properties) {
                return new RolloutStartRequest(properties);
            };

            /**
             * Encodes the specified RolloutStartRequest message. Does not implicitly {@link ota.v1.RolloutStartRequest.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutStartRequest
             * @static
             * @param {ota.v1.RolloutStartRequest.$Properties} message RolloutStartRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutStartRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.bundle != null && $Object.hasOwnProperty.call(message, "bundle") && message.bundle.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.bundle);
                if (message.spec != null && $Object.hasOwnProperty.call(message, "spec"))
                    $root.ota.v1.RolloutSpecRecord.encode(message.spec, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.force != null && $Object.hasOwnProperty.call(message, "force") && message.force !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.force);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutStartRequest message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutStartRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutStartRequest & ota.v1.RolloutStartRequest.$Shape} RolloutStartRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutStartRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutStartRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.bundle = value;
                            else
                                delete message.bundle;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.spec = $root.ota.v1.RolloutSpecRecord.decode(reader, reader.size(), $undefined, _depth + 1, message.spec);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.force = value;
                            else
                                delete message.force;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutStartRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutStartRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutStartRequest} RolloutStartRequest
             */
            RolloutStartRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutStartRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutStartRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutStartRequest();
                if (object.bundle != null)
                    if (object.bundle.length)
                        if (typeof object.bundle === "string")
                            $util.base64.decode(object.bundle, message.bundle = $util.newBuffer($util.base64.length(object.bundle)), 0);
                        else if (object.bundle.length >= 0)
                            message.bundle = object.bundle;
                if (object.spec != null) {
                    if (!$util.isObject(object.spec))
                        throw $TypeError(".ota.v1.RolloutStartRequest.spec: object expected");
                    message.spec = $root.ota.v1.RolloutSpecRecord.fromObject(object.spec, _depth + 1);
                }
                if (object.force != null)
                    if (object.force)
                        message.force = $Boolean(object.force);
                return message;
            };

            /**
             * Creates a plain object from a RolloutStartRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutStartRequest
             * @static
             * @param {ota.v1.RolloutStartRequest} message RolloutStartRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutStartRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.bundle = "";
                    else {
                        object.bundle = [];
                        if (options.bytes !== $Array)
                            object.bundle = $util.newBuffer(object.bundle);
                    }
                    object.spec = null;
                    object.force = false;
                }
                if (message.bundle != null && $Object.hasOwnProperty.call(message, "bundle"))
                    object.bundle = options.bytes === $String ? $util.base64.encode(message.bundle, 0, message.bundle.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.bundle) : message.bundle;
                if (message.spec != null && $Object.hasOwnProperty.call(message, "spec"))
                    object.spec = $root.ota.v1.RolloutSpecRecord.toObject(message.spec, options, _depth + 1);
                if (message.force != null && $Object.hasOwnProperty.call(message, "force"))
                    object.force = message.force;
                return object;
            };

            /**
             * Converts this RolloutStartRequest to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutStartRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutStartRequest.prototype.toJSON = function() {
                return RolloutStartRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutStartRequest;
        })();

        v1.RolloutPlanQuery = (function() {

            /**
             * Properties of a RolloutPlanQuery.
             * @typedef {Object} ota.v1.RolloutPlanQuery.$Properties
             * @property {Uint8Array|null} [release] RolloutPlanQuery release
             * @property {ota.v1.RolloutSpecRecord.$Properties|null} [spec] RolloutPlanQuery spec
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutPlanQuery.
             * @memberof ota.v1
             * @interface IRolloutPlanQuery
             * @augments ota.v1.RolloutPlanQuery.$Properties
             * @deprecated Use ota.v1.RolloutPlanQuery.$Properties instead.
             */

            /**
             * Shape of a RolloutPlanQuery.
             * @typedef {ota.v1.RolloutPlanQuery.$Properties} ota.v1.RolloutPlanQuery.$Shape
             */

            /**
             * Constructs a new RolloutPlanQuery.
             * @memberof ota.v1
             * @classdesc Represents a RolloutPlanQuery.
             * @constructor
             * @param {ota.v1.RolloutPlanQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutPlanQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutPlanQuery release.
             * @member {Uint8Array} release
             * @memberof ota.v1.RolloutPlanQuery
             * @instance
             */
            RolloutPlanQuery.prototype.release = $util.newBuffer([]);

            /**
             * RolloutPlanQuery spec.
             * @member {ota.v1.RolloutSpecRecord.$Properties|null|undefined} spec
             * @memberof ota.v1.RolloutPlanQuery
             * @instance
             */
            RolloutPlanQuery.prototype.spec = null;

            /**
             * Creates a new RolloutPlanQuery instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutPlanQuery
             * @static
             * @param {ota.v1.RolloutPlanQuery.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutPlanQuery} RolloutPlanQuery instance
             * @type {{
             *   (properties: ota.v1.RolloutPlanQuery.$Shape): ota.v1.RolloutPlanQuery & ota.v1.RolloutPlanQuery.$Shape;
             *   (properties?: ota.v1.RolloutPlanQuery.$Properties): ota.v1.RolloutPlanQuery;
             * }}
             */
            RolloutPlanQuery.create = function(properties) {
                return new RolloutPlanQuery(properties);
            };

            /**
             * Encodes the specified RolloutPlanQuery message. Does not implicitly {@link ota.v1.RolloutPlanQuery.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutPlanQuery
             * @static
             * @param {ota.v1.RolloutPlanQuery.$Properties} message RolloutPlanQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutPlanQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.release != null && $Object.hasOwnProperty.call(message, "release") && message.release.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.release);
                if (message.spec != null && $Object.hasOwnProperty.call(message, "spec"))
                    $root.ota.v1.RolloutSpecRecord.encode(message.spec, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutPlanQuery message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutPlanQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutPlanQuery & ota.v1.RolloutPlanQuery.$Shape} RolloutPlanQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutPlanQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutPlanQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.release = value;
                            else
                                delete message.release;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.spec = $root.ota.v1.RolloutSpecRecord.decode(reader, reader.size(), $undefined, _depth + 1, message.spec);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutPlanQuery message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutPlanQuery
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutPlanQuery} RolloutPlanQuery
             */
            RolloutPlanQuery.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutPlanQuery)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutPlanQuery: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutPlanQuery();
                if (object.release != null)
                    if (object.release.length)
                        if (typeof object.release === "string")
                            $util.base64.decode(object.release, message.release = $util.newBuffer($util.base64.length(object.release)), 0);
                        else if (object.release.length >= 0)
                            message.release = object.release;
                if (object.spec != null) {
                    if (!$util.isObject(object.spec))
                        throw $TypeError(".ota.v1.RolloutPlanQuery.spec: object expected");
                    message.spec = $root.ota.v1.RolloutSpecRecord.fromObject(object.spec, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a RolloutPlanQuery message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutPlanQuery
             * @static
             * @param {ota.v1.RolloutPlanQuery} message RolloutPlanQuery
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutPlanQuery.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.release = "";
                    else {
                        object.release = [];
                        if (options.bytes !== $Array)
                            object.release = $util.newBuffer(object.release);
                    }
                    object.spec = null;
                }
                if (message.release != null && $Object.hasOwnProperty.call(message, "release"))
                    object.release = options.bytes === $String ? $util.base64.encode(message.release, 0, message.release.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.release) : message.release;
                if (message.spec != null && $Object.hasOwnProperty.call(message, "spec"))
                    object.spec = $root.ota.v1.RolloutSpecRecord.toObject(message.spec, options, _depth + 1);
                return object;
            };

            /**
             * Converts this RolloutPlanQuery to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutPlanQuery
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutPlanQuery.prototype.toJSON = function() {
                return RolloutPlanQuery.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutPlanQuery;
        })();

        v1.RolloutStatusQuery = (function() {

            /**
             * Properties of a RolloutStatusQuery.
             * @typedef {Object} ota.v1.RolloutStatusQuery.$Properties
             * @property {string|null} [id] RolloutStatusQuery id
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutStatusQuery.
             * @memberof ota.v1
             * @interface IRolloutStatusQuery
             * @augments ota.v1.RolloutStatusQuery.$Properties
             * @deprecated Use ota.v1.RolloutStatusQuery.$Properties instead.
             */

            /**
             * Shape of a RolloutStatusQuery.
             * @typedef {ota.v1.RolloutStatusQuery.$Properties} ota.v1.RolloutStatusQuery.$Shape
             */

            /**
             * Constructs a new RolloutStatusQuery.
             * @memberof ota.v1
             * @classdesc Represents a RolloutStatusQuery.
             * @constructor
             * @param {ota.v1.RolloutStatusQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutStatusQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutStatusQuery id.
             * @member {string} id
             * @memberof ota.v1.RolloutStatusQuery
             * @instance
             */
            RolloutStatusQuery.prototype.id = "";

            /**
             * Creates a new RolloutStatusQuery instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutStatusQuery
             * @static
             * @param {ota.v1.RolloutStatusQuery.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutStatusQuery} RolloutStatusQuery instance
             * @type {{
             *   (properties: ota.v1.RolloutStatusQuery.$Shape): ota.v1.RolloutStatusQuery & ota.v1.RolloutStatusQuery.$Shape;
             *   (properties?: ota.v1.RolloutStatusQuery.$Properties): ota.v1.RolloutStatusQuery;
             * }}
             */
            RolloutStatusQuery.create = function(properties) {
                return new RolloutStatusQuery(properties);
            };

            /**
             * Encodes the specified RolloutStatusQuery message. Does not implicitly {@link ota.v1.RolloutStatusQuery.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutStatusQuery
             * @static
             * @param {ota.v1.RolloutStatusQuery.$Properties} message RolloutStatusQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutStatusQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutStatusQuery message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutStatusQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutStatusQuery & ota.v1.RolloutStatusQuery.$Shape} RolloutStatusQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutStatusQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutStatusQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutStatusQuery message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutStatusQuery
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutStatusQuery} RolloutStatusQuery
             */
            RolloutStatusQuery.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutStatusQuery)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutStatusQuery: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutStatusQuery();
                if (object.id != null)
                    if (typeof object.id !== "string" || object.id.length)
                        message.id = $String(object.id);
                return message;
            };

            /**
             * Creates a plain object from a RolloutStatusQuery message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutStatusQuery
             * @static
             * @param {ota.v1.RolloutStatusQuery} message RolloutStatusQuery
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutStatusQuery.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.id = "";
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    object.id = message.id;
                return object;
            };

            /**
             * Converts this RolloutStatusQuery to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutStatusQuery
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutStatusQuery.prototype.toJSON = function() {
                return RolloutStatusQuery.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutStatusQuery;
        })();

        /**
         * RolloutAction enum.
         * @name ota.v1.RolloutAction
         * @enum {number}
         * @property {number} ROLLOUT_ACTION_UNSPECIFIED=0 ROLLOUT_ACTION_UNSPECIFIED value
         * @property {number} ROLLOUT_ACTION_PAUSE=1 ROLLOUT_ACTION_PAUSE value
         * @property {number} ROLLOUT_ACTION_RESUME=2 ROLLOUT_ACTION_RESUME value
         * @property {number} ROLLOUT_ACTION_ABORT=3 ROLLOUT_ACTION_ABORT value
         */
        v1.RolloutAction = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ROLLOUT_ACTION_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ROLLOUT_ACTION_PAUSE"] = 1;
            values[valuesById[2] = "ROLLOUT_ACTION_RESUME"] = 2;
            values[valuesById[3] = "ROLLOUT_ACTION_ABORT"] = 3;
            return values;
        })();

        v1.RolloutControlRequest = (function() {

            /**
             * Properties of a RolloutControlRequest.
             * @typedef {Object} ota.v1.RolloutControlRequest.$Properties
             * @property {string|null} [id] RolloutControlRequest id
             * @property {ota.v1.RolloutAction|null} [action] RolloutControlRequest action
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutControlRequest.
             * @memberof ota.v1
             * @interface IRolloutControlRequest
             * @augments ota.v1.RolloutControlRequest.$Properties
             * @deprecated Use ota.v1.RolloutControlRequest.$Properties instead.
             */

            /**
             * Shape of a RolloutControlRequest.
             * @typedef {ota.v1.RolloutControlRequest.$Properties} ota.v1.RolloutControlRequest.$Shape
             */

            /**
             * Constructs a new RolloutControlRequest.
             * @memberof ota.v1
             * @classdesc Represents a RolloutControlRequest.
             * @constructor
             * @param {ota.v1.RolloutControlRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutControlRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutControlRequest id.
             * @member {string} id
             * @memberof ota.v1.RolloutControlRequest
             * @instance
             */
            RolloutControlRequest.prototype.id = "";

            /**
             * RolloutControlRequest action.
             * @member {ota.v1.RolloutAction} action
             * @memberof ota.v1.RolloutControlRequest
             * @instance
             */
            RolloutControlRequest.prototype.action = 0;

            /**
             * Creates a new RolloutControlRequest instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutControlRequest
             * @static
             * @param {ota.v1.RolloutControlRequest.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutControlRequest} RolloutControlRequest instance
             * @type {{
             *   (properties: ota.v1.RolloutControlRequest.$Shape): ota.v1.RolloutControlRequest & ota.v1.RolloutControlRequest.$Shape;
             *   (properties?: ota.v1.RolloutControlRequest.$Properties): ota.v1.RolloutControlRequest;
             * }}
             */
            RolloutControlRequest.create = function(properties) {
                return new RolloutControlRequest(properties);
            };

            /**
             * Encodes the specified RolloutControlRequest message. Does not implicitly {@link ota.v1.RolloutControlRequest.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutControlRequest
             * @static
             * @param {ota.v1.RolloutControlRequest.$Properties} message RolloutControlRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutControlRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
                if (message.action != null && $Object.hasOwnProperty.call(message, "action") && message.action !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.action);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutControlRequest message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutControlRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutControlRequest & ota.v1.RolloutControlRequest.$Shape} RolloutControlRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutControlRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutControlRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.action = value;
                            else
                                delete message.action;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutControlRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutControlRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutControlRequest} RolloutControlRequest
             */
            RolloutControlRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutControlRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutControlRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutControlRequest();
                if (object.id != null)
                    if (typeof object.id !== "string" || object.id.length)
                        message.id = $String(object.id);
                if (object.action !== 0 && (typeof object.action !== "string" || $root.ota.v1.RolloutAction[object.action] !== 0))
                    switch (object.action) {
                    case "ROLLOUT_ACTION_UNSPECIFIED":
                    case 0:
                        message.action = 0;
                        break;
                    case "ROLLOUT_ACTION_PAUSE":
                    case 1:
                        message.action = 1;
                        break;
                    case "ROLLOUT_ACTION_RESUME":
                    case 2:
                        message.action = 2;
                        break;
                    case "ROLLOUT_ACTION_ABORT":
                    case 3:
                        message.action = 3;
                        break;
                    default:
                        if (typeof object.action === "number" && (object.action | 0) === object.action)
                            message.action = object.action;
                    }
                return message;
            };

            /**
             * Creates a plain object from a RolloutControlRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutControlRequest
             * @static
             * @param {ota.v1.RolloutControlRequest} message RolloutControlRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutControlRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.id = "";
                    object.action = options.enums === $String ? "ROLLOUT_ACTION_UNSPECIFIED" : 0;
                }
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    object.id = message.id;
                if (message.action != null && $Object.hasOwnProperty.call(message, "action"))
                    object.action = options.enums === $String ? $root.ota.v1.RolloutAction[message.action] === $undefined ? message.action : $root.ota.v1.RolloutAction[message.action] : message.action;
                return object;
            };

            /**
             * Converts this RolloutControlRequest to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutControlRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutControlRequest.prototype.toJSON = function() {
                return RolloutControlRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutControlRequest;
        })();

        /**
         * RolloutPhase enum.
         * @name ota.v1.RolloutPhase
         * @enum {number}
         * @property {number} ROLLOUT_PHASE_UNSPECIFIED=0 ROLLOUT_PHASE_UNSPECIFIED value
         * @property {number} ROLLOUT_PHASE_RUNNING=1 ROLLOUT_PHASE_RUNNING value
         * @property {number} ROLLOUT_PHASE_PAUSED=2 ROLLOUT_PHASE_PAUSED value
         * @property {number} ROLLOUT_PHASE_COMPLETED=3 ROLLOUT_PHASE_COMPLETED value
         * @property {number} ROLLOUT_PHASE_ABORTED=4 ROLLOUT_PHASE_ABORTED value
         */
        v1.RolloutPhase = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ROLLOUT_PHASE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ROLLOUT_PHASE_RUNNING"] = 1;
            values[valuesById[2] = "ROLLOUT_PHASE_PAUSED"] = 2;
            values[valuesById[3] = "ROLLOUT_PHASE_COMPLETED"] = 3;
            values[valuesById[4] = "ROLLOUT_PHASE_ABORTED"] = 4;
            return values;
        })();

        /**
         * RolloutDeviceState enum.
         * @name ota.v1.RolloutDeviceState
         * @enum {number}
         * @property {number} ROLLOUT_DEVICE_UNSPECIFIED=0 ROLLOUT_DEVICE_UNSPECIFIED value
         * @property {number} ROLLOUT_DEVICE_WAITING=1 ROLLOUT_DEVICE_WAITING value
         * @property {number} ROLLOUT_DEVICE_OFFERED=2 ROLLOUT_DEVICE_OFFERED value
         * @property {number} ROLLOUT_DEVICE_UPDATING=3 ROLLOUT_DEVICE_UPDATING value
         * @property {number} ROLLOUT_DEVICE_SUCCEEDED=4 ROLLOUT_DEVICE_SUCCEEDED value
         * @property {number} ROLLOUT_DEVICE_FAILED=5 ROLLOUT_DEVICE_FAILED value
         * @property {number} ROLLOUT_DEVICE_WITHDRAWN=6 ROLLOUT_DEVICE_WITHDRAWN value
         */
        v1.RolloutDeviceState = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ROLLOUT_DEVICE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ROLLOUT_DEVICE_WAITING"] = 1;
            values[valuesById[2] = "ROLLOUT_DEVICE_OFFERED"] = 2;
            values[valuesById[3] = "ROLLOUT_DEVICE_UPDATING"] = 3;
            values[valuesById[4] = "ROLLOUT_DEVICE_SUCCEEDED"] = 4;
            values[valuesById[5] = "ROLLOUT_DEVICE_FAILED"] = 5;
            values[valuesById[6] = "ROLLOUT_DEVICE_WITHDRAWN"] = 6;
            return values;
        })();

        v1.RolloutDeviceRecord = (function() {

            /**
             * Properties of a RolloutDeviceRecord.
             * @typedef {Object} ota.v1.RolloutDeviceRecord.$Properties
             * @property {string|null} [deviceId] RolloutDeviceRecord deviceId
             * @property {number|null} [wave] RolloutDeviceRecord wave
             * @property {ota.v1.RolloutDeviceState|null} [state] RolloutDeviceRecord state
             * @property {string|null} [reason] RolloutDeviceRecord reason
             * @property {number|null} [updatedAt] RolloutDeviceRecord updatedAt
             * @property {boolean|null} [accepted] RolloutDeviceRecord accepted
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutDeviceRecord.
             * @memberof ota.v1
             * @interface IRolloutDeviceRecord
             * @augments ota.v1.RolloutDeviceRecord.$Properties
             * @deprecated Use ota.v1.RolloutDeviceRecord.$Properties instead.
             */

            /**
             * Shape of a RolloutDeviceRecord.
             * @typedef {ota.v1.RolloutDeviceRecord.$Properties} ota.v1.RolloutDeviceRecord.$Shape
             */

            /**
             * Constructs a new RolloutDeviceRecord.
             * @memberof ota.v1
             * @classdesc Represents a RolloutDeviceRecord.
             * @constructor
             * @param {ota.v1.RolloutDeviceRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutDeviceRecord = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutDeviceRecord deviceId.
             * @member {string} deviceId
             * @memberof ota.v1.RolloutDeviceRecord
             * @instance
             */
            RolloutDeviceRecord.prototype.deviceId = "";

            /**
             * RolloutDeviceRecord wave.
             * @member {number} wave
             * @memberof ota.v1.RolloutDeviceRecord
             * @instance
             */
            RolloutDeviceRecord.prototype.wave = 0;

            /**
             * RolloutDeviceRecord state.
             * @member {ota.v1.RolloutDeviceState} state
             * @memberof ota.v1.RolloutDeviceRecord
             * @instance
             */
            RolloutDeviceRecord.prototype.state = 0;

            /**
             * RolloutDeviceRecord reason.
             * @member {string} reason
             * @memberof ota.v1.RolloutDeviceRecord
             * @instance
             */
            RolloutDeviceRecord.prototype.reason = "";

            /**
             * RolloutDeviceRecord updatedAt.
             * @member {number} updatedAt
             * @memberof ota.v1.RolloutDeviceRecord
             * @instance
             */
            RolloutDeviceRecord.prototype.updatedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * RolloutDeviceRecord accepted.
             * @member {boolean} accepted
             * @memberof ota.v1.RolloutDeviceRecord
             * @instance
             */
            RolloutDeviceRecord.prototype.accepted = false;

            /**
             * Creates a new RolloutDeviceRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutDeviceRecord
             * @static
             * @param {ota.v1.RolloutDeviceRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutDeviceRecord} RolloutDeviceRecord instance
             * @type {{
             *   (properties: ota.v1.RolloutDeviceRecord.$Shape): ota.v1.RolloutDeviceRecord & ota.v1.RolloutDeviceRecord.$Shape;
             *   (properties?: ota.v1.RolloutDeviceRecord.$Properties): ota.v1.RolloutDeviceRecord;
             * }}
             */
            RolloutDeviceRecord.create = function(properties) {
                return new RolloutDeviceRecord(properties);
            };

            /**
             * Encodes the specified RolloutDeviceRecord message. Does not implicitly {@link ota.v1.RolloutDeviceRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutDeviceRecord
             * @static
             * @param {ota.v1.RolloutDeviceRecord.$Properties} message RolloutDeviceRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutDeviceRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.deviceId);
                if (message.wave != null && $Object.hasOwnProperty.call(message, "wave") && message.wave !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.wave);
                if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.state);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.reason);
                if (message.updatedAt != null && $Object.hasOwnProperty.call(message, "updatedAt") && (typeof message.updatedAt === "object" ? message.updatedAt.low || message.updatedAt.high : message.updatedAt !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.updatedAt);
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted") && message.accepted !== false)
                    writer.uint32(/* id 6, wireType 0 =*/48).bool(message.accepted);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutDeviceRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutDeviceRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutDeviceRecord & ota.v1.RolloutDeviceRecord.$Shape} RolloutDeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutDeviceRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutDeviceRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.wave = value;
                            else
                                delete message.wave;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.state = value;
                            else
                                delete message.state;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.updatedAt = value;
                            else
                                delete message.updatedAt;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.accepted = value;
                            else
                                delete message.accepted;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutDeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutDeviceRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutDeviceRecord} RolloutDeviceRecord
             */
            RolloutDeviceRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutDeviceRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutDeviceRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutDeviceRecord();
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                if (object.wave != null)
                    if ($Number(object.wave) !== 0)
                        message.wave = object.wave >>> 0;
                if (object.state !== 0 && (typeof object.state !== "string" || $root.ota.v1.RolloutDeviceState[object.state] !== 0))
                    switch (object.state) {
                    case "ROLLOUT_DEVICE_UNSPECIFIED":
                    case 0:
                        message.state = 0;
                        break;
                    case "ROLLOUT_DEVICE_WAITING":
                    case 1:
                        message.state = 1;
                        break;
                    case "ROLLOUT_DEVICE_OFFERED":
                    case 2:
                        message.state = 2;
                        break;
                    case "ROLLOUT_DEVICE_UPDATING":
                    case 3:
                        message.state = 3;
                        break;
                    case "ROLLOUT_DEVICE_SUCCEEDED":
                    case 4:
                        message.state = 4;
                        break;
                    case "ROLLOUT_DEVICE_FAILED":
                    case 5:
                        message.state = 5;
                        break;
                    case "ROLLOUT_DEVICE_WITHDRAWN":
                    case 6:
                        message.state = 6;
                        break;
                    default:
                        if (typeof object.state === "number" && (object.state | 0) === object.state)
                            message.state = object.state;
                    }
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                if (object.updatedAt != null)
                    if (typeof object.updatedAt === "object" ? object.updatedAt.low || object.updatedAt.high : $Number(object.updatedAt) !== 0)
                        if ($util.Long)
                            message.updatedAt = $util.Long.fromValue(object.updatedAt, false);
                        else if (typeof object.updatedAt === "string")
                            message.updatedAt = $parseInt(object.updatedAt, 10);
                        else if (typeof object.updatedAt === "number")
                            message.updatedAt = object.updatedAt;
                        else if (typeof object.updatedAt === "object")
                            message.updatedAt = new $util.LongBits(object.updatedAt.low >>> 0, object.updatedAt.high >>> 0).toNumber();
                if (object.accepted != null)
                    if (object.accepted)
                        message.accepted = $Boolean(object.accepted);
                return message;
            };

            /**
             * Creates a plain object from a RolloutDeviceRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutDeviceRecord
             * @static
             * @param {ota.v1.RolloutDeviceRecord} message RolloutDeviceRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutDeviceRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.deviceId = "";
                    object.wave = 0;
                    object.state = options.enums === $String ? "ROLLOUT_DEVICE_UNSPECIFIED" : 0;
                    object.reason = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.updatedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.updatedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.accepted = false;
                }
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                if (message.wave != null && $Object.hasOwnProperty.call(message, "wave"))
                    object.wave = message.wave;
                if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                    object.state = options.enums === $String ? $root.ota.v1.RolloutDeviceState[message.state] === $undefined ? message.state : $root.ota.v1.RolloutDeviceState[message.state] : message.state;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                if (message.updatedAt != null && $Object.hasOwnProperty.call(message, "updatedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.updatedAt = typeof message.updatedAt === "number" ? $BigInt(message.updatedAt) : $util.Long.fromBits(message.updatedAt.low >>> 0, message.updatedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.updatedAt === "number")
                        object.updatedAt = options.longs === $String ? $String(message.updatedAt) : message.updatedAt;
                    else
                        object.updatedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.updatedAt) : options.longs === $Number ? new $util.LongBits(message.updatedAt.low >>> 0, message.updatedAt.high >>> 0).toNumber() : message.updatedAt;
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                    object.accepted = message.accepted;
                return object;
            };

            /**
             * Converts this RolloutDeviceRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutDeviceRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutDeviceRecord.prototype.toJSON = function() {
                return RolloutDeviceRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutDeviceRecord;
        })();

        v1.RolloutWaveRecord = (function() {

            /**
             * Properties of a RolloutWaveRecord.
             * @typedef {Object} ota.v1.RolloutWaveRecord.$Properties
             * @property {number|null} [index] RolloutWaveRecord index
             * @property {number|null} [share] RolloutWaveRecord share
             * @property {number|null} [devices] RolloutWaveRecord devices
             * @property {number|null} [offered] RolloutWaveRecord offered
             * @property {number|null} [updating] RolloutWaveRecord updating
             * @property {number|null} [succeeded] RolloutWaveRecord succeeded
             * @property {number|null} [failed] RolloutWaveRecord failed
             * @property {number|null} [startedAt] RolloutWaveRecord startedAt
             * @property {number|null} [deadline] RolloutWaveRecord deadline
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutWaveRecord.
             * @memberof ota.v1
             * @interface IRolloutWaveRecord
             * @augments ota.v1.RolloutWaveRecord.$Properties
             * @deprecated Use ota.v1.RolloutWaveRecord.$Properties instead.
             */

            /**
             * Shape of a RolloutWaveRecord.
             * @typedef {ota.v1.RolloutWaveRecord.$Properties} ota.v1.RolloutWaveRecord.$Shape
             */

            /**
             * Constructs a new RolloutWaveRecord.
             * @memberof ota.v1
             * @classdesc Represents a RolloutWaveRecord.
             * @constructor
             * @param {ota.v1.RolloutWaveRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutWaveRecord = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutWaveRecord index.
             * @member {number} index
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.index = 0;

            /**
             * RolloutWaveRecord share.
             * @member {number} share
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.share = 0;

            /**
             * RolloutWaveRecord devices.
             * @member {number} devices
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.devices = 0;

            /**
             * RolloutWaveRecord offered.
             * @member {number} offered
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.offered = 0;

            /**
             * RolloutWaveRecord updating.
             * @member {number} updating
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.updating = 0;

            /**
             * RolloutWaveRecord succeeded.
             * @member {number} succeeded
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.succeeded = 0;

            /**
             * RolloutWaveRecord failed.
             * @member {number} failed
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.failed = 0;

            /**
             * RolloutWaveRecord startedAt.
             * @member {number} startedAt
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.startedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * RolloutWaveRecord deadline.
             * @member {number} deadline
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             */
            RolloutWaveRecord.prototype.deadline = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new RolloutWaveRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutWaveRecord
             * @static
             * @param {ota.v1.RolloutWaveRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutWaveRecord} RolloutWaveRecord instance
             * @type {{
             *   (properties: ota.v1.RolloutWaveRecord.$Shape): ota.v1.RolloutWaveRecord & ota.v1.RolloutWaveRecord.$Shape;
             *   (properties?: ota.v1.RolloutWaveRecord.$Properties): ota.v1.RolloutWaveRecord;
             * }}
             */
            RolloutWaveRecord.create = function(properties) {
                return new RolloutWaveRecord(properties);
            };

            /**
             * Encodes the specified RolloutWaveRecord message. Does not implicitly {@link ota.v1.RolloutWaveRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutWaveRecord
             * @static
             * @param {ota.v1.RolloutWaveRecord.$Properties} message RolloutWaveRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutWaveRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.index);
                if (message.share != null && $Object.hasOwnProperty.call(message, "share") && !$Object.is(message.share, 0))
                    writer.uint32(/* id 2, wireType 1 =*/17).double(message.share);
                if (message.devices != null && $Object.hasOwnProperty.call(message, "devices") && message.devices !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.devices);
                if (message.offered != null && $Object.hasOwnProperty.call(message, "offered") && message.offered !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.offered);
                if (message.updating != null && $Object.hasOwnProperty.call(message, "updating") && message.updating !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.updating);
                if (message.succeeded != null && $Object.hasOwnProperty.call(message, "succeeded") && message.succeeded !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.succeeded);
                if (message.failed != null && $Object.hasOwnProperty.call(message, "failed") && message.failed !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.failed);
                if (message.startedAt != null && $Object.hasOwnProperty.call(message, "startedAt") && (typeof message.startedAt === "object" ? message.startedAt.low || message.startedAt.high : message.startedAt !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.startedAt);
                if (message.deadline != null && $Object.hasOwnProperty.call(message, "deadline") && (typeof message.deadline === "object" ? message.deadline.low || message.deadline.high : message.deadline !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.deadline);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutWaveRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutWaveRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutWaveRecord & ota.v1.RolloutWaveRecord.$Shape} RolloutWaveRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutWaveRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutWaveRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.share = value;
                            else
                                delete message.share;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.devices = value;
                            else
                                delete message.devices;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.offered = value;
                            else
                                delete message.offered;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.updating = value;
                            else
                                delete message.updating;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.succeeded = value;
                            else
                                delete message.succeeded;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.failed = value;
                            else
                                delete message.failed;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.startedAt = value;
                            else
                                delete message.startedAt;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.deadline = value;
                            else
                                delete message.deadline;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutWaveRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutWaveRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutWaveRecord} RolloutWaveRecord
             */
            RolloutWaveRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutWaveRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutWaveRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutWaveRecord();
                if (object.index != null)
                    if ($Number(object.index) !== 0)
                        message.index = object.index >>> 0;
                if (object.share != null)
                    if (!$Object.is($Number(object.share), 0))
                        message.share = $Number(object.share);
                if (object.devices != null)
                    if ($Number(object.devices) !== 0)
                        message.devices = object.devices >>> 0;
                if (object.offered != null)
                    if ($Number(object.offered) !== 0)
                        message.offered = object.offered >>> 0;
                if (object.updating != null)
                    if ($Number(object.updating) !== 0)
                        message.updating = object.updating >>> 0;
                if (object.succeeded != null)
                    if ($Number(object.succeeded) !== 0)
                        message.succeeded = object.succeeded >>> 0;
                if (object.failed != null)
                    if ($Number(object.failed) !== 0)
                        message.failed = object.failed >>> 0;
                if (object.startedAt != null)
                    if (typeof object.startedAt === "object" ? object.startedAt.low || object.startedAt.high : $Number(object.startedAt) !== 0)
                        if ($util.Long)
                            message.startedAt = $util.Long.fromValue(object.startedAt, false);
                        else if (typeof object.startedAt === "string")
                            message.startedAt = $parseInt(object.startedAt, 10);
                        else if (typeof object.startedAt === "number")
                            message.startedAt = object.startedAt;
                        else if (typeof object.startedAt === "object")
                            message.startedAt = new $util.LongBits(object.startedAt.low >>> 0, object.startedAt.high >>> 0).toNumber();
                if (object.deadline != null)
                    if (typeof object.deadline === "object" ? object.deadline.low || object.deadline.high : $Number(object.deadline) !== 0)
                        if ($util.Long)
                            message.deadline = $util.Long.fromValue(object.deadline, false);
                        else if (typeof object.deadline === "string")
                            message.deadline = $parseInt(object.deadline, 10);
                        else if (typeof object.deadline === "number")
                            message.deadline = object.deadline;
                        else if (typeof object.deadline === "object")
                            message.deadline = new $util.LongBits(object.deadline.low >>> 0, object.deadline.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a RolloutWaveRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutWaveRecord
             * @static
             * @param {ota.v1.RolloutWaveRecord} message RolloutWaveRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutWaveRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.index = 0;
                    object.share = 0;
                    object.devices = 0;
                    object.offered = 0;
                    object.updating = 0;
                    object.succeeded = 0;
                    object.failed = 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.startedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.startedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.deadline = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.deadline = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    object.index = message.index;
                if (message.share != null && $Object.hasOwnProperty.call(message, "share"))
                    object.share = options.json && !$isFinite(message.share) ? $String(message.share) : message.share;
                if (message.devices != null && $Object.hasOwnProperty.call(message, "devices"))
                    object.devices = message.devices;
                if (message.offered != null && $Object.hasOwnProperty.call(message, "offered"))
                    object.offered = message.offered;
                if (message.updating != null && $Object.hasOwnProperty.call(message, "updating"))
                    object.updating = message.updating;
                if (message.succeeded != null && $Object.hasOwnProperty.call(message, "succeeded"))
                    object.succeeded = message.succeeded;
                if (message.failed != null && $Object.hasOwnProperty.call(message, "failed"))
                    object.failed = message.failed;
                if (message.startedAt != null && $Object.hasOwnProperty.call(message, "startedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.startedAt = typeof message.startedAt === "number" ? $BigInt(message.startedAt) : $util.Long.fromBits(message.startedAt.low >>> 0, message.startedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.startedAt === "number")
                        object.startedAt = options.longs === $String ? $String(message.startedAt) : message.startedAt;
                    else
                        object.startedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.startedAt) : options.longs === $Number ? new $util.LongBits(message.startedAt.low >>> 0, message.startedAt.high >>> 0).toNumber() : message.startedAt;
                if (message.deadline != null && $Object.hasOwnProperty.call(message, "deadline"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.deadline = typeof message.deadline === "number" ? $BigInt(message.deadline) : $util.Long.fromBits(message.deadline.low >>> 0, message.deadline.high >>> 0, false).toBigInt();
                    else if (typeof message.deadline === "number")
                        object.deadline = options.longs === $String ? $String(message.deadline) : message.deadline;
                    else
                        object.deadline = options.longs === $String ? $util.Long.prototype.toString.call(message.deadline) : options.longs === $Number ? new $util.LongBits(message.deadline.low >>> 0, message.deadline.high >>> 0).toNumber() : message.deadline;
                return object;
            };

            /**
             * Converts this RolloutWaveRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutWaveRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutWaveRecord.prototype.toJSON = function() {
                return RolloutWaveRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutWaveRecord;
        })();

        v1.RolloutRecord = (function() {

            /**
             * Properties of a RolloutRecord.
             * @typedef {Object} ota.v1.RolloutRecord.$Properties
             * @property {string|null} [id] RolloutRecord id
             * @property {string|null} [model] RolloutRecord model
             * @property {string|null} [version] RolloutRecord version
             * @property {Uint8Array|null} [artifact] RolloutRecord artifact
             * @property {number|null} [sequence] RolloutRecord sequence
             * @property {ota.v1.RolloutPhase|null} [phase] RolloutRecord phase
             * @property {string|null} [reason] RolloutRecord reason
             * @property {number|null} [wave] RolloutRecord wave
             * @property {ota.v1.RolloutSpecRecord.$Properties|null} [spec] RolloutRecord spec
             * @property {Array.<ota.v1.RolloutWaveRecord.$Properties>|null} [waves] RolloutRecord waves
             * @property {Array.<ota.v1.RolloutDeviceRecord.$Properties>|null} [devices] RolloutRecord devices
             * @property {string|null} [startedBy] RolloutRecord startedBy
             * @property {number|null} [startedAt] RolloutRecord startedAt
             * @property {number|null} [updatedAt] RolloutRecord updatedAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutRecord.
             * @memberof ota.v1
             * @interface IRolloutRecord
             * @augments ota.v1.RolloutRecord.$Properties
             * @deprecated Use ota.v1.RolloutRecord.$Properties instead.
             */

            /**
             * Shape of a RolloutRecord.
             * @typedef {ota.v1.RolloutRecord.$Properties} ota.v1.RolloutRecord.$Shape
             */

            /**
             * Constructs a new RolloutRecord.
             * @memberof ota.v1
             * @classdesc Represents a RolloutRecord.
             * @constructor
             * @param {ota.v1.RolloutRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutRecord = function (properties) {
                this.waves = [];
                this.devices = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutRecord id.
             * @member {string} id
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.id = "";

            /**
             * RolloutRecord model.
             * @member {string} model
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.model = "";

            /**
             * RolloutRecord version.
             * @member {string} version
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.version = "";

            /**
             * RolloutRecord artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.artifact = $util.newBuffer([]);

            /**
             * RolloutRecord sequence.
             * @member {number} sequence
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.sequence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RolloutRecord phase.
             * @member {ota.v1.RolloutPhase} phase
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.phase = 0;

            /**
             * RolloutRecord reason.
             * @member {string} reason
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.reason = "";

            /**
             * RolloutRecord wave.
             * @member {number} wave
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.wave = 0;

            /**
             * RolloutRecord spec.
             * @member {ota.v1.RolloutSpecRecord.$Properties|null|undefined} spec
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.spec = null;

            /**
             * RolloutRecord waves.
             * @member {Array.<ota.v1.RolloutWaveRecord.$Properties>} waves
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.waves = $util.emptyArray;

            /**
             * RolloutRecord devices.
             * @member {Array.<ota.v1.RolloutDeviceRecord.$Properties>} devices
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.devices = $util.emptyArray;

            /**
             * RolloutRecord startedBy.
             * @member {string} startedBy
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.startedBy = "";

            /**
             * RolloutRecord startedAt.
             * @member {number} startedAt
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.startedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * RolloutRecord updatedAt.
             * @member {number} updatedAt
             * @memberof ota.v1.RolloutRecord
             * @instance
             */
            RolloutRecord.prototype.updatedAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new RolloutRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutRecord
             * @static
             * @param {ota.v1.RolloutRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutRecord} RolloutRecord instance
             * @type {{
             *   (properties: ota.v1.RolloutRecord.$Shape): ota.v1.RolloutRecord & ota.v1.RolloutRecord.$Shape;
             *   (properties?: ota.v1.RolloutRecord.$Properties): ota.v1.RolloutRecord;
             * }}
             */
            RolloutRecord.create = function(properties) {
                return new RolloutRecord(properties);
            };

            /**
             * Encodes the specified RolloutRecord message. Does not implicitly {@link ota.v1.RolloutRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutRecord
             * @static
             * @param {ota.v1.RolloutRecord.$Properties} message RolloutRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.model);
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.version);
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.artifact);
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence") && (typeof message.sequence === "object" ? message.sequence.low || message.sequence.high : message.sequence !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.sequence);
                if (message.phase != null && $Object.hasOwnProperty.call(message, "phase") && message.phase !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).int32(message.phase);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.reason);
                if (message.wave != null && $Object.hasOwnProperty.call(message, "wave") && message.wave !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.wave);
                if (message.spec != null && $Object.hasOwnProperty.call(message, "spec"))
                    $root.ota.v1.RolloutSpecRecord.encode(message.spec, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.waves != null && message.waves.length)
                    for (let i = 0; i < message.waves.length; ++i)
                        $root.ota.v1.RolloutWaveRecord.encode(message.waves[i], writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.devices != null && message.devices.length)
                    for (let i = 0; i < message.devices.length; ++i)
                        $root.ota.v1.RolloutDeviceRecord.encode(message.devices[i], writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.startedBy != null && $Object.hasOwnProperty.call(message, "startedBy") && message.startedBy !== "")
                    writer.uint32(/* id 12, wireType 2 =*/98).string(message.startedBy);
                if (message.startedAt != null && $Object.hasOwnProperty.call(message, "startedAt") && (typeof message.startedAt === "object" ? message.startedAt.low || message.startedAt.high : message.startedAt !== 0))
                    writer.uint32(/* id 13, wireType 0 =*/104).int64(message.startedAt);
                if (message.updatedAt != null && $Object.hasOwnProperty.call(message, "updatedAt") && (typeof message.updatedAt === "object" ? message.updatedAt.low || message.updatedAt.high : message.updatedAt !== 0))
                    writer.uint32(/* id 14, wireType 0 =*/112).int64(message.updatedAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutRecord & ota.v1.RolloutRecord.$Shape} RolloutRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.sequence = value;
                            else
                                delete message.sequence;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.phase = value;
                            else
                                delete message.phase;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.wave = value;
                            else
                                delete message.wave;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.spec = $root.ota.v1.RolloutSpecRecord.decode(reader, reader.size(), $undefined, _depth + 1, message.spec);
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if (!(message.waves && message.waves.length))
                                message.waves = [];
                            message.waves.push($root.ota.v1.RolloutWaveRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            if (!(message.devices && message.devices.length))
                                message.devices = [];
                            message.devices.push($root.ota.v1.RolloutDeviceRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.startedBy = value;
                            else
                                delete message.startedBy;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.startedAt = value;
                            else
                                delete message.startedAt;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.updatedAt = value;
                            else
                                delete message.updatedAt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutRecord} RolloutRecord
             */
            RolloutRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutRecord();
                if (object.id != null)
                    if (typeof object.id !== "string" || object.id.length)
                        message.id = $String(object.id);
                if (object.model != null)
                    if (typeof object.model !== "string" || object.model.length)
                        message.model = $String(object.model);
                if (object.version != null)
                    if (typeof object.version !== "string" || object.version.length)
                        message.version = $String(object.version);
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                if (object.sequence != null)
                    if (typeof object.sequence === "object" ? object.sequence.low || object.sequence.high : $Number(object.sequence) !== 0)
                        if ($util.Long)
                            message.sequence = $util.Long.fromValue(object.sequence, true);
                        else if (typeof object.sequence === "string")
                            message.sequence = $parseInt(object.sequence, 10);
                        else if (typeof object.sequence === "number")
                            message.sequence = object.sequence;
                        else if (typeof object.sequence === "object")
                            message.sequence = new $util.LongBits(object.sequence.low >>> 0, object.sequence.high >>> 0).toNumber(true);
                if (object.phase !== 0 && (typeof object.phase !== "string" || $root.ota.v1.RolloutPhase[object.phase] !== 0))
                    switch (object.phase) {
                    case "ROLLOUT_PHASE_UNSPECIFIED":
                    case 0:
                        message.phase = 0;
                        break;
                    case "ROLLOUT_PHASE_RUNNING":
                    case 1:
                        message.phase = 1;
                        break;
                    case "ROLLOUT_PHASE_PAUSED":
                    case 2:
                        message.phase = 2;
                        break;
                    case "ROLLOUT_PHASE_COMPLETED":
                    case 3:
                        message.phase = 3;
                        break;
                    case "ROLLOUT_PHASE_ABORTED":
                    case 4:
                        message.phase = 4;
                        break;
                    default:
                        if (typeof object.phase === "number" && (object.phase | 0) === object.phase)
                            message.phase = object.phase;
                    }
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                if (object.wave != null)
                    if ($Number(object.wave) !== 0)
                        message.wave = object.wave >>> 0;
                if (object.spec != null) {
                    if (!$util.isObject(object.spec))
                        throw $TypeError(".ota.v1.RolloutRecord.spec: object expected");
                    message.spec = $root.ota.v1.RolloutSpecRecord.fromObject(object.spec, _depth + 1);
                }
                if (object.waves) {
                    if (!$Array.isArray(object.waves))
                        throw $TypeError(".ota.v1.RolloutRecord.waves: array expected");
                    message.waves = $Array(object.waves.length);
                    for (let i = 0; i < object.waves.length; ++i) {
                        if (!$util.isObject(object.waves[i]))
                            throw $TypeError(".ota.v1.RolloutRecord.waves: object expected");
                        message.waves[i] = $root.ota.v1.RolloutWaveRecord.fromObject(object.waves[i], _depth + 1);
                    }
                }
                if (object.devices) {
                    if (!$Array.isArray(object.devices))
                        throw $TypeError(".ota.v1.RolloutRecord.devices: array expected");
                    message.devices = $Array(object.devices.length);
                    for (let i = 0; i < object.devices.length; ++i) {
                        if (!$util.isObject(object.devices[i]))
                            throw $TypeError(".ota.v1.RolloutRecord.devices: object expected");
                        message.devices[i] = $root.ota.v1.RolloutDeviceRecord.fromObject(object.devices[i], _depth + 1);
                    }
                }
                if (object.startedBy != null)
                    if (typeof object.startedBy !== "string" || object.startedBy.length)
                        message.startedBy = $String(object.startedBy);
                if (object.startedAt != null)
                    if (typeof object.startedAt === "object" ? object.startedAt.low || object.startedAt.high : $Number(object.startedAt) !== 0)
                        if ($util.Long)
                            message.startedAt = $util.Long.fromValue(object.startedAt, false);
                        else if (typeof object.startedAt === "string")
                            message.startedAt = $parseInt(object.startedAt, 10);
                        else if (typeof object.startedAt === "number")
                            message.startedAt = object.startedAt;
                        else if (typeof object.startedAt === "object")
                            message.startedAt = new $util.LongBits(object.startedAt.low >>> 0, object.startedAt.high >>> 0).toNumber();
                if (object.updatedAt != null)
                    if (typeof object.updatedAt === "object" ? object.updatedAt.low || object.updatedAt.high : $Number(object.updatedAt) !== 0)
                        if ($util.Long)
                            message.updatedAt = $util.Long.fromValue(object.updatedAt, false);
                        else if (typeof object.updatedAt === "string")
                            message.updatedAt = $parseInt(object.updatedAt, 10);
                        else if (typeof object.updatedAt === "number")
                            message.updatedAt = object.updatedAt;
                        else if (typeof object.updatedAt === "object")
                            message.updatedAt = new $util.LongBits(object.updatedAt.low >>> 0, object.updatedAt.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a RolloutRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutRecord
             * @static
             * @param {ota.v1.RolloutRecord} message RolloutRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.waves = [];
                    object.devices = [];
                }
                if (options.defaults) {
                    object.id = "";
                    object.model = "";
                    object.version = "";
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sequence = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.sequence = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.phase = options.enums === $String ? "ROLLOUT_PHASE_UNSPECIFIED" : 0;
                    object.reason = "";
                    object.wave = 0;
                    object.spec = null;
                    object.startedBy = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.startedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.startedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.updatedAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.updatedAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    object.id = message.id;
                if (message.model != null && $Object.hasOwnProperty.call(message, "model"))
                    object.model = message.model;
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.sequence = typeof message.sequence === "number" ? $BigInt(message.sequence) : $util.Long.fromBits(message.sequence.low >>> 0, message.sequence.high >>> 0, true).toBigInt();
                    else if (typeof message.sequence === "number")
                        object.sequence = options.longs === $String ? $String(message.sequence) : message.sequence;
                    else
                        object.sequence = options.longs === $String ? $util.Long.prototype.toString.call(message.sequence) : options.longs === $Number ? new $util.LongBits(message.sequence.low >>> 0, message.sequence.high >>> 0).toNumber(true) : message.sequence;
                if (message.phase != null && $Object.hasOwnProperty.call(message, "phase"))
                    object.phase = options.enums === $String ? $root.ota.v1.RolloutPhase[message.phase] === $undefined ? message.phase : $root.ota.v1.RolloutPhase[message.phase] : message.phase;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                if (message.wave != null && $Object.hasOwnProperty.call(message, "wave"))
                    object.wave = message.wave;
                if (message.spec != null && $Object.hasOwnProperty.call(message, "spec"))
                    object.spec = $root.ota.v1.RolloutSpecRecord.toObject(message.spec, options, _depth + 1);
                if (message.waves && message.waves.length) {
                    object.waves = $Array(message.waves.length);
                    for (let j = 0; j < message.waves.length; ++j)
                        object.waves[j] = $root.ota.v1.RolloutWaveRecord.toObject(message.waves[j], options, _depth + 1);
                }
                if (message.devices && message.devices.length) {
                    object.devices = $Array(message.devices.length);
                    for (let j = 0; j < message.devices.length; ++j)
                        object.devices[j] = $root.ota.v1.RolloutDeviceRecord.toObject(message.devices[j], options, _depth + 1);
                }
                if (message.startedBy != null && $Object.hasOwnProperty.call(message, "startedBy"))
                    object.startedBy = message.startedBy;
                if (message.startedAt != null && $Object.hasOwnProperty.call(message, "startedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.startedAt = typeof message.startedAt === "number" ? $BigInt(message.startedAt) : $util.Long.fromBits(message.startedAt.low >>> 0, message.startedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.startedAt === "number")
                        object.startedAt = options.longs === $String ? $String(message.startedAt) : message.startedAt;
                    else
                        object.startedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.startedAt) : options.longs === $Number ? new $util.LongBits(message.startedAt.low >>> 0, message.startedAt.high >>> 0).toNumber() : message.startedAt;
                if (message.updatedAt != null && $Object.hasOwnProperty.call(message, "updatedAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.updatedAt = typeof message.updatedAt === "number" ? $BigInt(message.updatedAt) : $util.Long.fromBits(message.updatedAt.low >>> 0, message.updatedAt.high >>> 0, false).toBigInt();
                    else if (typeof message.updatedAt === "number")
                        object.updatedAt = options.longs === $String ? $String(message.updatedAt) : message.updatedAt;
                    else
                        object.updatedAt = options.longs === $String ? $util.Long.prototype.toString.call(message.updatedAt) : options.longs === $Number ? new $util.LongBits(message.updatedAt.low >>> 0, message.updatedAt.high >>> 0).toNumber() : message.updatedAt;
                return object;
            };

            /**
             * Converts this RolloutRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutRecord.prototype.toJSON = function() {
                return RolloutRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutRecord;
        })();

        v1.RolloutList = (function() {

            /**
             * Properties of a RolloutList.
             * @typedef {Object} ota.v1.RolloutList.$Properties
             * @property {Array.<ota.v1.RolloutRecord.$Properties>|null} [rollouts] RolloutList rollouts
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutList.
             * @memberof ota.v1
             * @interface IRolloutList
             * @augments ota.v1.RolloutList.$Properties
             * @deprecated Use ota.v1.RolloutList.$Properties instead.
             */

            /**
             * Shape of a RolloutList.
             * @typedef {ota.v1.RolloutList.$Properties} ota.v1.RolloutList.$Shape
             */

            /**
             * Constructs a new RolloutList.
             * @memberof ota.v1
             * @classdesc Represents a RolloutList.
             * @constructor
             * @param {ota.v1.RolloutList.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutList = function (properties) {
                this.rollouts = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutList rollouts.
             * @member {Array.<ota.v1.RolloutRecord.$Properties>} rollouts
             * @memberof ota.v1.RolloutList
             * @instance
             */
            RolloutList.prototype.rollouts = $util.emptyArray;

            /**
             * Creates a new RolloutList instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutList
             * @static
             * @param {ota.v1.RolloutList.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutList} RolloutList instance
             * @type {{
             *   (properties: ota.v1.RolloutList.$Shape): ota.v1.RolloutList & ota.v1.RolloutList.$Shape;
             *   (properties?: ota.v1.RolloutList.$Properties): ota.v1.RolloutList;
             * }}
             */
            RolloutList.create = function(properties) {
                return new RolloutList(properties);
            };

            /**
             * Encodes the specified RolloutList message. Does not implicitly {@link ota.v1.RolloutList.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutList
             * @static
             * @param {ota.v1.RolloutList.$Properties} message RolloutList message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutList.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.rollouts != null && message.rollouts.length)
                    for (let i = 0; i < message.rollouts.length; ++i)
                        $root.ota.v1.RolloutRecord.encode(message.rollouts[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutList message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutList
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutList & ota.v1.RolloutList.$Shape} RolloutList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutList.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutList();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.rollouts && message.rollouts.length))
                                message.rollouts = [];
                            message.rollouts.push($root.ota.v1.RolloutRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutList message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutList
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutList} RolloutList
             */
            RolloutList.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutList)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutList: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutList();
                if (object.rollouts) {
                    if (!$Array.isArray(object.rollouts))
                        throw $TypeError(".ota.v1.RolloutList.rollouts: array expected");
                    message.rollouts = $Array(object.rollouts.length);
                    for (let i = 0; i < object.rollouts.length; ++i) {
                        if (!$util.isObject(object.rollouts[i]))
                            throw $TypeError(".ota.v1.RolloutList.rollouts: object expected");
                        message.rollouts[i] = $root.ota.v1.RolloutRecord.fromObject(object.rollouts[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a RolloutList message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutList
             * @static
             * @param {ota.v1.RolloutList} message RolloutList
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutList.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.rollouts = [];
                if (message.rollouts && message.rollouts.length) {
                    object.rollouts = $Array(message.rollouts.length);
                    for (let j = 0; j < message.rollouts.length; ++j)
                        object.rollouts[j] = $root.ota.v1.RolloutRecord.toObject(message.rollouts[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this RolloutList to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutList
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutList.prototype.toJSON = function() {
                return RolloutList.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutList;
        })();

        v1.PlannedDeviceRecord = (function() {

            /**
             * Properties of a PlannedDeviceRecord.
             * @typedef {Object} ota.v1.PlannedDeviceRecord.$Properties
             * @property {string|null} [deviceId] PlannedDeviceRecord deviceId
             * @property {boolean|null} [online] PlannedDeviceRecord online
             * @property {string|null} [currentVersion] PlannedDeviceRecord currentVersion
             * @property {ota.v1.SupportStatus|null} [support] PlannedDeviceRecord support
             * @property {number|null} [endOfLifeAt] PlannedDeviceRecord endOfLifeAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PlannedDeviceRecord.
             * @memberof ota.v1
             * @interface IPlannedDeviceRecord
             * @augments ota.v1.PlannedDeviceRecord.$Properties
             * @deprecated Use ota.v1.PlannedDeviceRecord.$Properties instead.
             */

            /**
             * Shape of a PlannedDeviceRecord.
             * @typedef {ota.v1.PlannedDeviceRecord.$Properties} ota.v1.PlannedDeviceRecord.$Shape
             */

            /**
             * Constructs a new PlannedDeviceRecord.
             * @memberof ota.v1
             * @classdesc Represents a PlannedDeviceRecord.
             * @constructor
             * @param {ota.v1.PlannedDeviceRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PlannedDeviceRecord = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PlannedDeviceRecord deviceId.
             * @member {string} deviceId
             * @memberof ota.v1.PlannedDeviceRecord
             * @instance
             */
            PlannedDeviceRecord.prototype.deviceId = "";

            /**
             * PlannedDeviceRecord online.
             * @member {boolean} online
             * @memberof ota.v1.PlannedDeviceRecord
             * @instance
             */
            PlannedDeviceRecord.prototype.online = false;

            /**
             * PlannedDeviceRecord currentVersion.
             * @member {string} currentVersion
             * @memberof ota.v1.PlannedDeviceRecord
             * @instance
             */
            PlannedDeviceRecord.prototype.currentVersion = "";

            /**
             * PlannedDeviceRecord support.
             * @member {ota.v1.SupportStatus} support
             * @memberof ota.v1.PlannedDeviceRecord
             * @instance
             */
            PlannedDeviceRecord.prototype.support = 0;

            /**
             * PlannedDeviceRecord endOfLifeAt.
             * @member {number} endOfLifeAt
             * @memberof ota.v1.PlannedDeviceRecord
             * @instance
             */
            PlannedDeviceRecord.prototype.endOfLifeAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new PlannedDeviceRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.PlannedDeviceRecord
             * @static
             * @param {ota.v1.PlannedDeviceRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.PlannedDeviceRecord} PlannedDeviceRecord instance
             * @type {{
             *   (properties: ota.v1.PlannedDeviceRecord.$Shape): ota.v1.PlannedDeviceRecord & ota.v1.PlannedDeviceRecord.$Shape;
             *   (properties?: ota.v1.PlannedDeviceRecord.$Properties): ota.v1.PlannedDeviceRecord;
             * }}
             */
            PlannedDeviceRecord.create = function(properties) {
                return new PlannedDeviceRecord(properties);
            };

            /**
             * Encodes the specified PlannedDeviceRecord message. Does not implicitly {@link ota.v1.PlannedDeviceRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.PlannedDeviceRecord
             * @static
             * @param {ota.v1.PlannedDeviceRecord.$Properties} message PlannedDeviceRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PlannedDeviceRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.deviceId);
                if (message.online != null && $Object.hasOwnProperty.call(message, "online") && message.online !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.online);
                if (message.currentVersion != null && $Object.hasOwnProperty.call(message, "currentVersion") && message.currentVersion !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.currentVersion);
                if (message.support != null && $Object.hasOwnProperty.call(message, "support") && message.support !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.support);
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt") && (typeof message.endOfLifeAt === "object" ? message.endOfLifeAt.low || message.endOfLifeAt.high : message.endOfLifeAt !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.endOfLifeAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PlannedDeviceRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.PlannedDeviceRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.PlannedDeviceRecord & ota.v1.PlannedDeviceRecord.$Shape} PlannedDeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PlannedDeviceRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.PlannedDeviceRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.online = value;
                            else
                                delete message.online;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.currentVersion = value;
                            else
                                delete message.currentVersion;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.support = value;
                            else
                                delete message.support;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.endOfLifeAt = value;
                            else
                                delete message.endOfLifeAt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a PlannedDeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.PlannedDeviceRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.PlannedDeviceRecord} PlannedDeviceRecord
             */
            PlannedDeviceRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.PlannedDeviceRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.PlannedDeviceRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.PlannedDeviceRecord();
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                if (object.online != null)
                    if (object.online)
                        message.online = $Boolean(object.online);
                if (object.currentVersion != null)
                    if (typeof object.currentVersion !== "string" || object.currentVersion.length)
                        message.currentVersion = $String(object.currentVersion);
                if (object.support !== 0 && (typeof object.support !== "string" || $root.ota.v1.SupportStatus[object.support] !== 0))
                    switch (object.support) {
                    case "SUPPORT_UNKNOWN":
                    case 0:
                        message.support = 0;
                        break;
                    case "SUPPORT_SUPPORTED":
                    case 1:
                        message.support = 1;
                        break;
                    case "SUPPORT_ENDING":
                    case 2:
                        message.support = 2;
                        break;
                    case "SUPPORT_ENDED":
                    case 3:
                        message.support = 3;
                        break;
                    default:
                        if (typeof object.support === "number" && (object.support | 0) === object.support)
                            message.support = object.support;
                    }
                if (object.endOfLifeAt != null)
                    if (typeof object.endOfLifeAt === "object" ? object.endOfLifeAt.low || object.endOfLifeAt.high : $Number(object.endOfLifeAt) !== 0)
                        if ($util.Long)
                            message.endOfLifeAt = $util.Long.fromValue(object.endOfLifeAt, false);
                        else if (typeof object.endOfLifeAt === "string")
                            message.endOfLifeAt = $parseInt(object.endOfLifeAt, 10);
                        else if (typeof object.endOfLifeAt === "number")
                            message.endOfLifeAt = object.endOfLifeAt;
                        else if (typeof object.endOfLifeAt === "object")
                            message.endOfLifeAt = new $util.LongBits(object.endOfLifeAt.low >>> 0, object.endOfLifeAt.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a PlannedDeviceRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.PlannedDeviceRecord
             * @static
             * @param {ota.v1.PlannedDeviceRecord} message PlannedDeviceRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            PlannedDeviceRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.deviceId = "";
                    object.online = false;
                    object.currentVersion = "";
                    object.support = options.enums === $String ? "SUPPORT_UNKNOWN" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.endOfLifeAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.endOfLifeAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                if (message.online != null && $Object.hasOwnProperty.call(message, "online"))
                    object.online = message.online;
                if (message.currentVersion != null && $Object.hasOwnProperty.call(message, "currentVersion"))
                    object.currentVersion = message.currentVersion;
                if (message.support != null && $Object.hasOwnProperty.call(message, "support"))
                    object.support = options.enums === $String ? $root.ota.v1.SupportStatus[message.support] === $undefined ? message.support : $root.ota.v1.SupportStatus[message.support] : message.support;
                if (message.endOfLifeAt != null && $Object.hasOwnProperty.call(message, "endOfLifeAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.endOfLifeAt = typeof message.endOfLifeAt === "number" ? $BigInt(message.endOfLifeAt) : $util.Long.fromBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0, false).toBigInt();
                    else if (typeof message.endOfLifeAt === "number")
                        object.endOfLifeAt = options.longs === $String ? $String(message.endOfLifeAt) : message.endOfLifeAt;
                    else
                        object.endOfLifeAt = options.longs === $String ? $util.Long.prototype.toString.call(message.endOfLifeAt) : options.longs === $Number ? new $util.LongBits(message.endOfLifeAt.low >>> 0, message.endOfLifeAt.high >>> 0).toNumber() : message.endOfLifeAt;
                return object;
            };

            /**
             * Converts this PlannedDeviceRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.PlannedDeviceRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            PlannedDeviceRecord.prototype.toJSON = function() {
                return PlannedDeviceRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return PlannedDeviceRecord;
        })();

        v1.PlannedWaveRecord = (function() {

            /**
             * Properties of a PlannedWaveRecord.
             * @typedef {Object} ota.v1.PlannedWaveRecord.$Properties
             * @property {number|null} [index] PlannedWaveRecord index
             * @property {number|null} [share] PlannedWaveRecord share
             * @property {Array.<ota.v1.PlannedDeviceRecord.$Properties>|null} [devices] PlannedWaveRecord devices
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PlannedWaveRecord.
             * @memberof ota.v1
             * @interface IPlannedWaveRecord
             * @augments ota.v1.PlannedWaveRecord.$Properties
             * @deprecated Use ota.v1.PlannedWaveRecord.$Properties instead.
             */

            /**
             * Shape of a PlannedWaveRecord.
             * @typedef {ota.v1.PlannedWaveRecord.$Properties} ota.v1.PlannedWaveRecord.$Shape
             */

            /**
             * Constructs a new PlannedWaveRecord.
             * @memberof ota.v1
             * @classdesc Represents a PlannedWaveRecord.
             * @constructor
             * @param {ota.v1.PlannedWaveRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PlannedWaveRecord = function (properties) {
                this.devices = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PlannedWaveRecord index.
             * @member {number} index
             * @memberof ota.v1.PlannedWaveRecord
             * @instance
             */
            PlannedWaveRecord.prototype.index = 0;

            /**
             * PlannedWaveRecord share.
             * @member {number} share
             * @memberof ota.v1.PlannedWaveRecord
             * @instance
             */
            PlannedWaveRecord.prototype.share = 0;

            /**
             * PlannedWaveRecord devices.
             * @member {Array.<ota.v1.PlannedDeviceRecord.$Properties>} devices
             * @memberof ota.v1.PlannedWaveRecord
             * @instance
             */
            PlannedWaveRecord.prototype.devices = $util.emptyArray;

            /**
             * Creates a new PlannedWaveRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.PlannedWaveRecord
             * @static
             * @param {ota.v1.PlannedWaveRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.PlannedWaveRecord} PlannedWaveRecord instance
             * @type {{
             *   (properties: ota.v1.PlannedWaveRecord.$Shape): ota.v1.PlannedWaveRecord & ota.v1.PlannedWaveRecord.$Shape;
             *   (properties?: ota.v1.PlannedWaveRecord.$Properties): ota.v1.PlannedWaveRecord;
             * }}
             */
            PlannedWaveRecord.create = function(properties) {
                return new PlannedWaveRecord(properties);
            };

            /**
             * Encodes the specified PlannedWaveRecord message. Does not implicitly {@link ota.v1.PlannedWaveRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.PlannedWaveRecord
             * @static
             * @param {ota.v1.PlannedWaveRecord.$Properties} message PlannedWaveRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PlannedWaveRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.index);
                if (message.share != null && $Object.hasOwnProperty.call(message, "share") && !$Object.is(message.share, 0))
                    writer.uint32(/* id 2, wireType 1 =*/17).double(message.share);
                if (message.devices != null && message.devices.length)
                    for (let i = 0; i < message.devices.length; ++i)
                        $root.ota.v1.PlannedDeviceRecord.encode(message.devices[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PlannedWaveRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.PlannedWaveRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.PlannedWaveRecord & ota.v1.PlannedWaveRecord.$Shape} PlannedWaveRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PlannedWaveRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.PlannedWaveRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.share = value;
                            else
                                delete message.share;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.devices && message.devices.length))
                                message.devices = [];
                            message.devices.push($root.ota.v1.PlannedDeviceRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a PlannedWaveRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.PlannedWaveRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.PlannedWaveRecord} PlannedWaveRecord
             */
            PlannedWaveRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.PlannedWaveRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.PlannedWaveRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.PlannedWaveRecord();
                if (object.index != null)
                    if ($Number(object.index) !== 0)
                        message.index = object.index >>> 0;
                if (object.share != null)
                    if (!$Object.is($Number(object.share), 0))
                        message.share = $Number(object.share);
                if (object.devices) {
                    if (!$Array.isArray(object.devices))
                        throw $TypeError(".ota.v1.PlannedWaveRecord.devices: array expected");
                    message.devices = $Array(object.devices.length);
                    for (let i = 0; i < object.devices.length; ++i) {
                        if (!$util.isObject(object.devices[i]))
                            throw $TypeError(".ota.v1.PlannedWaveRecord.devices: object expected");
                        message.devices[i] = $root.ota.v1.PlannedDeviceRecord.fromObject(object.devices[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a PlannedWaveRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.PlannedWaveRecord
             * @static
             * @param {ota.v1.PlannedWaveRecord} message PlannedWaveRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            PlannedWaveRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.devices = [];
                if (options.defaults) {
                    object.index = 0;
                    object.share = 0;
                }
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    object.index = message.index;
                if (message.share != null && $Object.hasOwnProperty.call(message, "share"))
                    object.share = options.json && !$isFinite(message.share) ? $String(message.share) : message.share;
                if (message.devices && message.devices.length) {
                    object.devices = $Array(message.devices.length);
                    for (let j = 0; j < message.devices.length; ++j)
                        object.devices[j] = $root.ota.v1.PlannedDeviceRecord.toObject(message.devices[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this PlannedWaveRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.PlannedWaveRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            PlannedWaveRecord.prototype.toJSON = function() {
                return PlannedWaveRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return PlannedWaveRecord;
        })();

        v1.ExcludedDeviceRecord = (function() {

            /**
             * Properties of an ExcludedDeviceRecord.
             * @typedef {Object} ota.v1.ExcludedDeviceRecord.$Properties
             * @property {string|null} [deviceId] ExcludedDeviceRecord deviceId
             * @property {string|null} [reason] ExcludedDeviceRecord reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ExcludedDeviceRecord.
             * @memberof ota.v1
             * @interface IExcludedDeviceRecord
             * @augments ota.v1.ExcludedDeviceRecord.$Properties
             * @deprecated Use ota.v1.ExcludedDeviceRecord.$Properties instead.
             */

            /**
             * Shape of an ExcludedDeviceRecord.
             * @typedef {ota.v1.ExcludedDeviceRecord.$Properties} ota.v1.ExcludedDeviceRecord.$Shape
             */

            /**
             * Constructs a new ExcludedDeviceRecord.
             * @memberof ota.v1
             * @classdesc Represents an ExcludedDeviceRecord.
             * @constructor
             * @param {ota.v1.ExcludedDeviceRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ExcludedDeviceRecord = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ExcludedDeviceRecord deviceId.
             * @member {string} deviceId
             * @memberof ota.v1.ExcludedDeviceRecord
             * @instance
             */
            ExcludedDeviceRecord.prototype.deviceId = "";

            /**
             * ExcludedDeviceRecord reason.
             * @member {string} reason
             * @memberof ota.v1.ExcludedDeviceRecord
             * @instance
             */
            ExcludedDeviceRecord.prototype.reason = "";

            /**
             * Creates a new ExcludedDeviceRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.ExcludedDeviceRecord
             * @static
             * @param {ota.v1.ExcludedDeviceRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.ExcludedDeviceRecord} ExcludedDeviceRecord instance
             * @type {{
             *   (properties: ota.v1.ExcludedDeviceRecord.$Shape): ota.v1.ExcludedDeviceRecord & ota.v1.ExcludedDeviceRecord.$Shape;
             *   (properties?: ota.v1.ExcludedDeviceRecord.$Properties): ota.v1.ExcludedDeviceRecord;
             * }}
             */
            ExcludedDeviceRecord.create = function(properties) {
                return new ExcludedDeviceRecord(properties);
            };

            /**
             * Encodes the specified ExcludedDeviceRecord message. Does not implicitly {@link ota.v1.ExcludedDeviceRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.ExcludedDeviceRecord
             * @static
             * @param {ota.v1.ExcludedDeviceRecord.$Properties} message ExcludedDeviceRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ExcludedDeviceRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.deviceId);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ExcludedDeviceRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.ExcludedDeviceRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.ExcludedDeviceRecord & ota.v1.ExcludedDeviceRecord.$Shape} ExcludedDeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ExcludedDeviceRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.ExcludedDeviceRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates an ExcludedDeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.ExcludedDeviceRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.ExcludedDeviceRecord} ExcludedDeviceRecord
             */
            ExcludedDeviceRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.ExcludedDeviceRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.ExcludedDeviceRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.ExcludedDeviceRecord();
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                return message;
            };

            /**
             * Creates a plain object from an ExcludedDeviceRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.ExcludedDeviceRecord
             * @static
             * @param {ota.v1.ExcludedDeviceRecord} message ExcludedDeviceRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ExcludedDeviceRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.deviceId = "";
                    object.reason = "";
                }
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                return object;
            };

            /**
             * Converts this ExcludedDeviceRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.ExcludedDeviceRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ExcludedDeviceRecord.prototype.toJSON = function() {
                return ExcludedDeviceRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ExcludedDeviceRecord;
        })();

        v1.RolloutPlanRecord = (function() {

            /**
             * Properties of a RolloutPlanRecord.
             * @typedef {Object} ota.v1.RolloutPlanRecord.$Properties
             * @property {string|null} [model] RolloutPlanRecord model
             * @property {string|null} [version] RolloutPlanRecord version
             * @property {Uint8Array|null} [artifact] RolloutPlanRecord artifact
             * @property {number|null} [securityVersion] RolloutPlanRecord securityVersion
             * @property {Array.<ota.v1.PlannedWaveRecord.$Properties>|null} [waves] RolloutPlanRecord waves
             * @property {Array.<ota.v1.ExcludedDeviceRecord.$Properties>|null} [excluded] RolloutPlanRecord excluded
             * @property {Array.<string>|null} [warnings] RolloutPlanRecord warnings
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RolloutPlanRecord.
             * @memberof ota.v1
             * @interface IRolloutPlanRecord
             * @augments ota.v1.RolloutPlanRecord.$Properties
             * @deprecated Use ota.v1.RolloutPlanRecord.$Properties instead.
             */

            /**
             * Shape of a RolloutPlanRecord.
             * @typedef {ota.v1.RolloutPlanRecord.$Properties} ota.v1.RolloutPlanRecord.$Shape
             */

            /**
             * Constructs a new RolloutPlanRecord.
             * @memberof ota.v1
             * @classdesc Represents a RolloutPlanRecord.
             * @constructor
             * @param {ota.v1.RolloutPlanRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RolloutPlanRecord = function (properties) {
                this.waves = [];
                this.excluded = [];
                this.warnings = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RolloutPlanRecord model.
             * @member {string} model
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             */
            RolloutPlanRecord.prototype.model = "";

            /**
             * RolloutPlanRecord version.
             * @member {string} version
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             */
            RolloutPlanRecord.prototype.version = "";

            /**
             * RolloutPlanRecord artifact.
             * @member {Uint8Array} artifact
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             */
            RolloutPlanRecord.prototype.artifact = $util.newBuffer([]);

            /**
             * RolloutPlanRecord securityVersion.
             * @member {number} securityVersion
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             */
            RolloutPlanRecord.prototype.securityVersion = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RolloutPlanRecord waves.
             * @member {Array.<ota.v1.PlannedWaveRecord.$Properties>} waves
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             */
            RolloutPlanRecord.prototype.waves = $util.emptyArray;

            /**
             * RolloutPlanRecord excluded.
             * @member {Array.<ota.v1.ExcludedDeviceRecord.$Properties>} excluded
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             */
            RolloutPlanRecord.prototype.excluded = $util.emptyArray;

            /**
             * RolloutPlanRecord warnings.
             * @member {Array.<string>} warnings
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             */
            RolloutPlanRecord.prototype.warnings = $util.emptyArray;

            /**
             * Creates a new RolloutPlanRecord instance using the specified properties.
             * @function create
             * @memberof ota.v1.RolloutPlanRecord
             * @static
             * @param {ota.v1.RolloutPlanRecord.$Properties=} [properties] Properties to set
             * @returns {ota.v1.RolloutPlanRecord} RolloutPlanRecord instance
             * @type {{
             *   (properties: ota.v1.RolloutPlanRecord.$Shape): ota.v1.RolloutPlanRecord & ota.v1.RolloutPlanRecord.$Shape;
             *   (properties?: ota.v1.RolloutPlanRecord.$Properties): ota.v1.RolloutPlanRecord;
             * }}
             */
            RolloutPlanRecord.create = function(properties) {
                return new RolloutPlanRecord(properties);
            };

            /**
             * Encodes the specified RolloutPlanRecord message. Does not implicitly {@link ota.v1.RolloutPlanRecord.verify|verify} messages.
             * @function encode
             * @memberof ota.v1.RolloutPlanRecord
             * @static
             * @param {ota.v1.RolloutPlanRecord.$Properties} message RolloutPlanRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RolloutPlanRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.model != null && $Object.hasOwnProperty.call(message, "model") && message.model !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.model);
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.version);
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact") && message.artifact.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.artifact);
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion") && (typeof message.securityVersion === "object" ? message.securityVersion.low || message.securityVersion.high : message.securityVersion !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.securityVersion);
                if (message.waves != null && message.waves.length)
                    for (let i = 0; i < message.waves.length; ++i)
                        $root.ota.v1.PlannedWaveRecord.encode(message.waves[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.excluded != null && message.excluded.length)
                    for (let i = 0; i < message.excluded.length; ++i)
                        $root.ota.v1.ExcludedDeviceRecord.encode(message.excluded[i], writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.warnings != null && message.warnings.length)
                    for (let i = 0; i < message.warnings.length; ++i)
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.warnings[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RolloutPlanRecord message from the specified reader or buffer.
             * @function decode
             * @memberof ota.v1.RolloutPlanRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {ota.v1.RolloutPlanRecord & ota.v1.RolloutPlanRecord.$Shape} RolloutPlanRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RolloutPlanRecord.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.ota.v1.RolloutPlanRecord();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.model = value;
                            else
                                delete message.model;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.artifact = value;
                            else
                                delete message.artifact;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.securityVersion = value;
                            else
                                delete message.securityVersion;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if (!(message.waves && message.waves.length))
                                message.waves = [];
                            message.waves.push($root.ota.v1.PlannedWaveRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if (!(message.excluded && message.excluded.length))
                                message.excluded = [];
                            message.excluded.push($root.ota.v1.ExcludedDeviceRecord.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.warnings && message.warnings.length))
                                message.warnings = [];
                            message.warnings.push(reader.stringVerify());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Creates a RolloutPlanRecord message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof ota.v1.RolloutPlanRecord
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {ota.v1.RolloutPlanRecord} RolloutPlanRecord
             */
            RolloutPlanRecord.fromObject = function (object, _depth) {
                if (object instanceof $root.ota.v1.RolloutPlanRecord)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".ota.v1.RolloutPlanRecord: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.ota.v1.RolloutPlanRecord();
                if (object.model != null)
                    if (typeof object.model !== "string" || object.model.length)
                        message.model = $String(object.model);
                if (object.version != null)
                    if (typeof object.version !== "string" || object.version.length)
                        message.version = $String(object.version);
                if (object.artifact != null)
                    if (object.artifact.length)
                        if (typeof object.artifact === "string")
                            $util.base64.decode(object.artifact, message.artifact = $util.newBuffer($util.base64.length(object.artifact)), 0);
                        else if (object.artifact.length >= 0)
                            message.artifact = object.artifact;
                if (object.securityVersion != null)
                    if (typeof object.securityVersion === "object" ? object.securityVersion.low || object.securityVersion.high : $Number(object.securityVersion) !== 0)
                        if ($util.Long)
                            message.securityVersion = $util.Long.fromValue(object.securityVersion, true);
                        else if (typeof object.securityVersion === "string")
                            message.securityVersion = $parseInt(object.securityVersion, 10);
                        else if (typeof object.securityVersion === "number")
                            message.securityVersion = object.securityVersion;
                        else if (typeof object.securityVersion === "object")
                            message.securityVersion = new $util.LongBits(object.securityVersion.low >>> 0, object.securityVersion.high >>> 0).toNumber(true);
                if (object.waves) {
                    if (!$Array.isArray(object.waves))
                        throw $TypeError(".ota.v1.RolloutPlanRecord.waves: array expected");
                    message.waves = $Array(object.waves.length);
                    for (let i = 0; i < object.waves.length; ++i) {
                        if (!$util.isObject(object.waves[i]))
                            throw $TypeError(".ota.v1.RolloutPlanRecord.waves: object expected");
                        message.waves[i] = $root.ota.v1.PlannedWaveRecord.fromObject(object.waves[i], _depth + 1);
                    }
                }
                if (object.excluded) {
                    if (!$Array.isArray(object.excluded))
                        throw $TypeError(".ota.v1.RolloutPlanRecord.excluded: array expected");
                    message.excluded = $Array(object.excluded.length);
                    for (let i = 0; i < object.excluded.length; ++i) {
                        if (!$util.isObject(object.excluded[i]))
                            throw $TypeError(".ota.v1.RolloutPlanRecord.excluded: object expected");
                        message.excluded[i] = $root.ota.v1.ExcludedDeviceRecord.fromObject(object.excluded[i], _depth + 1);
                    }
                }
                if (object.warnings) {
                    if (!$Array.isArray(object.warnings))
                        throw $TypeError(".ota.v1.RolloutPlanRecord.warnings: array expected");
                    message.warnings = $Array(object.warnings.length);
                    for (let i = 0; i < object.warnings.length; ++i)
                        message.warnings[i] = $String(object.warnings[i]);
                }
                return message;
            };

            /**
             * Creates a plain object from a RolloutPlanRecord message. Also converts values to other types if specified.
             * @function toObject
             * @memberof ota.v1.RolloutPlanRecord
             * @static
             * @param {ota.v1.RolloutPlanRecord} message RolloutPlanRecord
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RolloutPlanRecord.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.waves = [];
                    object.excluded = [];
                    object.warnings = [];
                }
                if (options.defaults) {
                    object.model = "";
                    object.version = "";
                    if (options.bytes === $String)
                        object.artifact = "";
                    else {
                        object.artifact = [];
                        if (options.bytes !== $Array)
                            object.artifact = $util.newBuffer(object.artifact);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.securityVersion = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.securityVersion = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.model != null && $Object.hasOwnProperty.call(message, "model"))
                    object.model = message.model;
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.artifact != null && $Object.hasOwnProperty.call(message, "artifact"))
                    object.artifact = options.bytes === $String ? $util.base64.encode(message.artifact, 0, message.artifact.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.artifact) : message.artifact;
                if (message.securityVersion != null && $Object.hasOwnProperty.call(message, "securityVersion"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.securityVersion = typeof message.securityVersion === "number" ? $BigInt(message.securityVersion) : $util.Long.fromBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0, true).toBigInt();
                    else if (typeof message.securityVersion === "number")
                        object.securityVersion = options.longs === $String ? $String(message.securityVersion) : message.securityVersion;
                    else
                        object.securityVersion = options.longs === $String ? $util.Long.prototype.toString.call(message.securityVersion) : options.longs === $Number ? new $util.LongBits(message.securityVersion.low >>> 0, message.securityVersion.high >>> 0).toNumber(true) : message.securityVersion;
                if (message.waves && message.waves.length) {
                    object.waves = $Array(message.waves.length);
                    for (let j = 0; j < message.waves.length; ++j)
                        object.waves[j] = $root.ota.v1.PlannedWaveRecord.toObject(message.waves[j], options, _depth + 1);
                }
                if (message.excluded && message.excluded.length) {
                    object.excluded = $Array(message.excluded.length);
                    for (let j = 0; j < message.excluded.length; ++j)
                        object.excluded[j] = $root.ota.v1.ExcludedDeviceRecord.toObject(message.excluded[j], options, _depth + 1);
                }
                if (message.warnings && message.warnings.length) {
                    object.warnings = $Array(message.warnings.length);
                    for (let j = 0; j < message.warnings.length; ++j)
                        object.warnings[j] = message.warnings[j];
                }
                return object;
            };

            /**
             * Converts this RolloutPlanRecord to JSON.
             * @function toJSON
             * @memberof ota.v1.RolloutPlanRecord
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RolloutPlanRecord.prototype.toJSON = function() {
                return RolloutPlanRecord.toObject(this, $protobuf.util.toJSONOptions);
            };

            return RolloutPlanRecord;
        })();

        return v1;
    })();

    return ota;
})();

export {
  $root as default
};
