import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace ota. */
export namespace ota {

    /** Namespace v1. */
    namespace v1 {

        /** BodyType enum. */
        enum BodyType {

            /** BODY_TYPE_UNSPECIFIED value */
            BODY_TYPE_UNSPECIFIED = 0,

            /** BODY_TYPE_ROOT value */
            BODY_TYPE_ROOT = 1,

            /** BODY_TYPE_MANIFEST value */
            BODY_TYPE_MANIFEST = 2
        }

        /**
         * Properties of a Signature.
         * @deprecated Use ota.v1.Signature.$Properties instead.
         */
        interface ISignature extends ota.v1.Signature.$Properties {
        }

        /** Represents a Signature. */
        class Signature {

            /**
             * Constructs a new Signature.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.Signature.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Signature keyId. */
            keyId: string;

            /** Signature sig. */
            sig: Uint8Array;

            /**
             * Creates a new Signature instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Signature instance
             */
            static create(properties: ota.v1.Signature.$Shape): ota.v1.Signature & ota.v1.Signature.$Shape;
            static create(properties?: ota.v1.Signature.$Properties): ota.v1.Signature;

            /**
             * Encodes the specified Signature message. Does not implicitly {@link ota.v1.Signature.verify|verify} messages.
             * @param message Signature message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.Signature.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Signature message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.Signature & ota.v1.Signature.$Shape} Signature
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.Signature & ota.v1.Signature.$Shape;

            /**
             * Creates a Signature message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Signature
             */
            static fromObject(object: { [k: string]: any }): ota.v1.Signature;

            /**
             * Creates a plain object from a Signature message. Also converts values to other types if specified.
             * @param message Signature
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.Signature, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Signature to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Signature {

            /** Properties of a Signature. */
            interface $Properties {

                /** Signature keyId */
                keyId?: (string|null);

                /** Signature sig */
                sig?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Signature. */
            type $Shape = ota.v1.Signature.$Properties;
        }

        /**
         * Properties of an Envelope.
         * @deprecated Use ota.v1.Envelope.$Properties instead.
         */
        interface IEnvelope extends ota.v1.Envelope.$Properties {
        }

        /** Represents an Envelope. */
        class Envelope {

            /**
             * Constructs a new Envelope.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.Envelope.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Envelope body. */
            body: Uint8Array;

            /** Envelope signatures. */
            signatures: ota.v1.Signature.$Properties[];

            /**
             * Creates a new Envelope instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Envelope instance
             */
            static create(properties: ota.v1.Envelope.$Shape): ota.v1.Envelope & ota.v1.Envelope.$Shape;
            static create(properties?: ota.v1.Envelope.$Properties): ota.v1.Envelope;

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link ota.v1.Envelope.verify|verify} messages.
             * @param message Envelope message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.Envelope & ota.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.Envelope & ota.v1.Envelope.$Shape;

            /**
             * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Envelope
             */
            static fromObject(object: { [k: string]: any }): ota.v1.Envelope;

            /**
             * Creates a plain object from an Envelope message. Also converts values to other types if specified.
             * @param message Envelope
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.Envelope, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Envelope to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Envelope {

            /** Properties of an Envelope. */
            interface $Properties {

                /** Envelope body */
                body?: (Uint8Array|null);

                /** Envelope signatures */
                signatures?: (ota.v1.Signature.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Envelope. */
            type $Shape = ota.v1.Envelope.$Properties;
        }

        /**
         * Properties of a SignedBody.
         * @deprecated Use ota.v1.SignedBody.$Properties instead.
         */
        interface ISignedBody extends ota.v1.SignedBody.$Properties {
        }

        /** Represents a SignedBody. */
        class SignedBody {

            /**
             * Constructs a new SignedBody.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.SignedBody.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedBody type. */
            type: ota.v1.BodyType;

            /** SignedBody root. */
            root?: (ota.v1.RootMetadata.$Properties|null);

            /** SignedBody manifest. */
            manifest?: (ota.v1.Manifest.$Properties|null);

            /**
             * Creates a new SignedBody instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedBody instance
             */
            static create(properties: ota.v1.SignedBody.$Shape): ota.v1.SignedBody & ota.v1.SignedBody.$Shape;
            static create(properties?: ota.v1.SignedBody.$Properties): ota.v1.SignedBody;

            /**
             * Encodes the specified SignedBody message. Does not implicitly {@link ota.v1.SignedBody.verify|verify} messages.
             * @param message SignedBody message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.SignedBody.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedBody message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.SignedBody & ota.v1.SignedBody.$Shape} SignedBody
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.SignedBody & ota.v1.SignedBody.$Shape;

            /**
             * Creates a SignedBody message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns SignedBody
             */
            static fromObject(object: { [k: string]: any }): ota.v1.SignedBody;

            /**
             * Creates a plain object from a SignedBody message. Also converts values to other types if specified.
             * @param message SignedBody
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.SignedBody, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this SignedBody to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace SignedBody {

            /** Properties of a SignedBody. */
            interface $Properties {

                /** SignedBody type */
                type?: (ota.v1.BodyType|null);

                /** SignedBody root */
                root?: (ota.v1.RootMetadata.$Properties|null);

                /** SignedBody manifest */
                manifest?: (ota.v1.Manifest.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedBody. */
            type $Shape = ota.v1.SignedBody.$Properties;
        }

        /**
         * Properties of a PublicKey.
         * @deprecated Use ota.v1.PublicKey.$Properties instead.
         */
        interface IPublicKey extends ota.v1.PublicKey.$Properties {
        }

        /** Represents a PublicKey. */
        class PublicKey {

            /**
             * Constructs a new PublicKey.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.PublicKey.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PublicKey keyId. */
            keyId: string;

            /** PublicKey ed25519. */
            ed25519: Uint8Array;

            /**
             * Creates a new PublicKey instance using the specified properties.
             * @param [properties] Properties to set
             * @returns PublicKey instance
             */
            static create(properties: ota.v1.PublicKey.$Shape): ota.v1.PublicKey & ota.v1.PublicKey.$Shape;
            static create(properties?: ota.v1.PublicKey.$Properties): ota.v1.PublicKey;

            /**
             * Encodes the specified PublicKey message. Does not implicitly {@link ota.v1.PublicKey.verify|verify} messages.
             * @param message PublicKey message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.PublicKey.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PublicKey message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.PublicKey & ota.v1.PublicKey.$Shape} PublicKey
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.PublicKey & ota.v1.PublicKey.$Shape;

            /**
             * Creates a PublicKey message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns PublicKey
             */
            static fromObject(object: { [k: string]: any }): ota.v1.PublicKey;

            /**
             * Creates a plain object from a PublicKey message. Also converts values to other types if specified.
             * @param message PublicKey
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.PublicKey, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this PublicKey to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace PublicKey {

            /** Properties of a PublicKey. */
            interface $Properties {

                /** PublicKey keyId */
                keyId?: (string|null);

                /** PublicKey ed25519 */
                ed25519?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PublicKey. */
            type $Shape = ota.v1.PublicKey.$Properties;
        }

        /**
         * Properties of a SigningKey.
         * @deprecated Use ota.v1.SigningKey.$Properties instead.
         */
        interface ISigningKey extends ota.v1.SigningKey.$Properties {
        }

        /** Represents a SigningKey. */
        class SigningKey {

            /**
             * Constructs a new SigningKey.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.SigningKey.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SigningKey key. */
            key?: (ota.v1.PublicKey.$Properties|null);

            /** SigningKey models. */
            models: string[];

            /** SigningKey expiresAt. */
            expiresAt: number;

            /**
             * Creates a new SigningKey instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SigningKey instance
             */
            static create(properties: ota.v1.SigningKey.$Shape): ota.v1.SigningKey & ota.v1.SigningKey.$Shape;
            static create(properties?: ota.v1.SigningKey.$Properties): ota.v1.SigningKey;

            /**
             * Encodes the specified SigningKey message. Does not implicitly {@link ota.v1.SigningKey.verify|verify} messages.
             * @param message SigningKey message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.SigningKey.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SigningKey message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.SigningKey & ota.v1.SigningKey.$Shape} SigningKey
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.SigningKey & ota.v1.SigningKey.$Shape;

            /**
             * Creates a SigningKey message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns SigningKey
             */
            static fromObject(object: { [k: string]: any }): ota.v1.SigningKey;

            /**
             * Creates a plain object from a SigningKey message. Also converts values to other types if specified.
             * @param message SigningKey
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.SigningKey, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this SigningKey to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace SigningKey {

            /** Properties of a SigningKey. */
            interface $Properties {

                /** SigningKey key */
                key?: (ota.v1.PublicKey.$Properties|null);

                /** SigningKey models */
                models?: (string[]|null);

                /** SigningKey expiresAt */
                expiresAt?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SigningKey. */
            type $Shape = ota.v1.SigningKey.$Properties;
        }

        /**
         * Properties of a RootMetadata.
         * @deprecated Use ota.v1.RootMetadata.$Properties instead.
         */
        interface IRootMetadata extends ota.v1.RootMetadata.$Properties {
        }

        /** Represents a RootMetadata. */
        class RootMetadata {

            /**
             * Constructs a new RootMetadata.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RootMetadata.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RootMetadata version. */
            version: number;

            /** RootMetadata threshold. */
            threshold: number;

            /** RootMetadata rootKeys. */
            rootKeys: ota.v1.PublicKey.$Properties[];

            /** RootMetadata signingKeys. */
            signingKeys: ota.v1.SigningKey.$Properties[];

            /** RootMetadata releaseThreshold. */
            releaseThreshold: number;

            /** RootMetadata createdAt. */
            createdAt: number;

            /** RootMetadata expiresAt. */
            expiresAt: number;

            /**
             * Creates a new RootMetadata instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RootMetadata instance
             */
            static create(properties: ota.v1.RootMetadata.$Shape): ota.v1.RootMetadata & ota.v1.RootMetadata.$Shape;
            static create(properties?: ota.v1.RootMetadata.$Properties): ota.v1.RootMetadata;

            /**
             * Encodes the specified RootMetadata message. Does not implicitly {@link ota.v1.RootMetadata.verify|verify} messages.
             * @param message RootMetadata message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RootMetadata.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RootMetadata message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RootMetadata & ota.v1.RootMetadata.$Shape} RootMetadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RootMetadata & ota.v1.RootMetadata.$Shape;

            /**
             * Creates a RootMetadata message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RootMetadata
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RootMetadata;

            /**
             * Creates a plain object from a RootMetadata message. Also converts values to other types if specified.
             * @param message RootMetadata
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RootMetadata, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RootMetadata to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RootMetadata {

            /** Properties of a RootMetadata. */
            interface $Properties {

                /** RootMetadata version */
                version?: (number|null);

                /** RootMetadata threshold */
                threshold?: (number|null);

                /** RootMetadata rootKeys */
                rootKeys?: (ota.v1.PublicKey.$Properties[]|null);

                /** RootMetadata signingKeys */
                signingKeys?: (ota.v1.SigningKey.$Properties[]|null);

                /** RootMetadata releaseThreshold */
                releaseThreshold?: (number|null);

                /** RootMetadata createdAt */
                createdAt?: (number|null);

                /** RootMetadata expiresAt */
                expiresAt?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RootMetadata. */
            type $Shape = ota.v1.RootMetadata.$Properties;
        }

        /**
         * Properties of a RootChain.
         * @deprecated Use ota.v1.RootChain.$Properties instead.
         */
        interface IRootChain extends ota.v1.RootChain.$Properties {
        }

        /** Represents a RootChain. */
        class RootChain {

            /**
             * Constructs a new RootChain.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RootChain.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RootChain roots. */
            roots: Uint8Array[];

            /**
             * Creates a new RootChain instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RootChain instance
             */
            static create(properties: ota.v1.RootChain.$Shape): ota.v1.RootChain & ota.v1.RootChain.$Shape;
            static create(properties?: ota.v1.RootChain.$Properties): ota.v1.RootChain;

            /**
             * Encodes the specified RootChain message. Does not implicitly {@link ota.v1.RootChain.verify|verify} messages.
             * @param message RootChain message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RootChain.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RootChain message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RootChain & ota.v1.RootChain.$Shape} RootChain
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RootChain & ota.v1.RootChain.$Shape;

            /**
             * Creates a RootChain message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RootChain
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RootChain;

            /**
             * Creates a plain object from a RootChain message. Also converts values to other types if specified.
             * @param message RootChain
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RootChain, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RootChain to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RootChain {

            /** Properties of a RootChain. */
            interface $Properties {

                /** RootChain roots */
                roots?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RootChain. */
            type $Shape = ota.v1.RootChain.$Properties;
        }

        /** Urgency enum. */
        enum Urgency {

            /** URGENCY_OPTIONAL value */
            URGENCY_OPTIONAL = 0,

            /** URGENCY_RECOMMENDED value */
            URGENCY_RECOMMENDED = 1,

            /** URGENCY_CRITICAL value */
            URGENCY_CRITICAL = 2
        }

        /**
         * Properties of an Artifact.
         * @deprecated Use ota.v1.Artifact.$Properties instead.
         */
        interface IArtifact extends ota.v1.Artifact.$Properties {
        }

        /** Represents an Artifact. */
        class Artifact {

            /**
             * Constructs a new Artifact.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.Artifact.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Artifact sha256. */
            sha256: Uint8Array;

            /** Artifact size. */
            size: number;

            /** Artifact chunkSize. */
            chunkSize: number;

            /** Artifact merkleRoot. */
            merkleRoot: Uint8Array;

            /**
             * Creates a new Artifact instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Artifact instance
             */
            static create(properties: ota.v1.Artifact.$Shape): ota.v1.Artifact & ota.v1.Artifact.$Shape;
            static create(properties?: ota.v1.Artifact.$Properties): ota.v1.Artifact;

            /**
             * Encodes the specified Artifact message. Does not implicitly {@link ota.v1.Artifact.verify|verify} messages.
             * @param message Artifact message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.Artifact.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Artifact message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.Artifact & ota.v1.Artifact.$Shape} Artifact
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.Artifact & ota.v1.Artifact.$Shape;

            /**
             * Creates an Artifact message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Artifact
             */
            static fromObject(object: { [k: string]: any }): ota.v1.Artifact;

            /**
             * Creates a plain object from an Artifact message. Also converts values to other types if specified.
             * @param message Artifact
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.Artifact, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Artifact to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Artifact {

            /** Properties of an Artifact. */
            interface $Properties {

                /** Artifact sha256 */
                sha256?: (Uint8Array|null);

                /** Artifact size */
                size?: (number|null);

                /** Artifact chunkSize */
                chunkSize?: (number|null);

                /** Artifact merkleRoot */
                merkleRoot?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Artifact. */
            type $Shape = ota.v1.Artifact.$Properties;
        }

        /**
         * Properties of a Delta.
         * @deprecated Use ota.v1.Delta.$Properties instead.
         */
        interface IDelta extends ota.v1.Delta.$Properties {
        }

        /** Represents a Delta. */
        class Delta {

            /**
             * Constructs a new Delta.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.Delta.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Delta baseVersion. */
            baseVersion: string;

            /** Delta baseSha256. */
            baseSha256: Uint8Array;

            /** Delta patch. */
            patch?: (ota.v1.Artifact.$Properties|null);

            /** Delta algorithm. */
            algorithm: string;

            /**
             * Creates a new Delta instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Delta instance
             */
            static create(properties: ota.v1.Delta.$Shape): ota.v1.Delta & ota.v1.Delta.$Shape;
            static create(properties?: ota.v1.Delta.$Properties): ota.v1.Delta;

            /**
             * Encodes the specified Delta message. Does not implicitly {@link ota.v1.Delta.verify|verify} messages.
             * @param message Delta message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.Delta.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Delta message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.Delta & ota.v1.Delta.$Shape} Delta
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.Delta & ota.v1.Delta.$Shape;

            /**
             * Creates a Delta message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Delta
             */
            static fromObject(object: { [k: string]: any }): ota.v1.Delta;

            /**
             * Creates a plain object from a Delta message. Also converts values to other types if specified.
             * @param message Delta
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.Delta, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Delta to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Delta {

            /** Properties of a Delta. */
            interface $Properties {

                /** Delta baseVersion */
                baseVersion?: (string|null);

                /** Delta baseSha256 */
                baseSha256?: (Uint8Array|null);

                /** Delta patch */
                patch?: (ota.v1.Artifact.$Properties|null);

                /** Delta algorithm */
                algorithm?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Delta. */
            type $Shape = ota.v1.Delta.$Properties;
        }

        /**
         * Properties of a Manifest.
         * @deprecated Use ota.v1.Manifest.$Properties instead.
         */
        interface IManifest extends ota.v1.Manifest.$Properties {
        }

        /** Represents a Manifest. */
        class Manifest {

            /**
             * Constructs a new Manifest.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.Manifest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Manifest format. */
            format: number;

            /** Manifest model. */
            model: string;

            /** Manifest hardwareRevisions. */
            hardwareRevisions: string[];

            /** Manifest version. */
            version: string;

            /** Manifest securityVersion. */
            securityVersion: number;

            /** Manifest sequence. */
            sequence: number;

            /** Manifest createdAt. */
            createdAt: number;

            /** Manifest expiresAt. */
            expiresAt: number;

            /** Manifest image. */
            image?: (ota.v1.Artifact.$Properties|null);

            /** Manifest deltas. */
            deltas: ota.v1.Delta.$Properties[];

            /** Manifest releaseNotes. */
            releaseNotes: string;

            /** Manifest urgency. */
            urgency: ota.v1.Urgency;

            /** Manifest maxDeferralS. */
            maxDeferralS: number;

            /** Manifest rebootRequired. */
            rebootRequired: boolean;

            /** Manifest endOfLifeAt. */
            endOfLifeAt: number;

            /** Manifest endOfLifeNotice. */
            endOfLifeNotice: string;

            /** Manifest sbomSha256. */
            sbomSha256: Uint8Array;

            /** Manifest sbomFormat. */
            sbomFormat: string;

            /** Manifest sbomSize. */
            sbomSize: number;

            /** Manifest compressedImage. */
            compressedImage?: (ota.v1.Delta.$Properties|null);

            /**
             * Creates a new Manifest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Manifest instance
             */
            static create(properties: ota.v1.Manifest.$Shape): ota.v1.Manifest & ota.v1.Manifest.$Shape;
            static create(properties?: ota.v1.Manifest.$Properties): ota.v1.Manifest;

            /**
             * Encodes the specified Manifest message. Does not implicitly {@link ota.v1.Manifest.verify|verify} messages.
             * @param message Manifest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.Manifest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Manifest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.Manifest & ota.v1.Manifest.$Shape} Manifest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.Manifest & ota.v1.Manifest.$Shape;

            /**
             * Creates a Manifest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Manifest
             */
            static fromObject(object: { [k: string]: any }): ota.v1.Manifest;

            /**
             * Creates a plain object from a Manifest message. Also converts values to other types if specified.
             * @param message Manifest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.Manifest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Manifest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Manifest {

            /** Properties of a Manifest. */
            interface $Properties {

                /** Manifest format */
                format?: (number|null);

                /** Manifest model */
                model?: (string|null);

                /** Manifest hardwareRevisions */
                hardwareRevisions?: (string[]|null);

                /** Manifest version */
                version?: (string|null);

                /** Manifest securityVersion */
                securityVersion?: (number|null);

                /** Manifest sequence */
                sequence?: (number|null);

                /** Manifest createdAt */
                createdAt?: (number|null);

                /** Manifest expiresAt */
                expiresAt?: (number|null);

                /** Manifest image */
                image?: (ota.v1.Artifact.$Properties|null);

                /** Manifest deltas */
                deltas?: (ota.v1.Delta.$Properties[]|null);

                /** Manifest releaseNotes */
                releaseNotes?: (string|null);

                /** Manifest urgency */
                urgency?: (ota.v1.Urgency|null);

                /** Manifest maxDeferralS */
                maxDeferralS?: (number|null);

                /** Manifest rebootRequired */
                rebootRequired?: (boolean|null);

                /** Manifest endOfLifeAt */
                endOfLifeAt?: (number|null);

                /** Manifest endOfLifeNotice */
                endOfLifeNotice?: (string|null);

                /** Manifest sbomSha256 */
                sbomSha256?: (Uint8Array|null);

                /** Manifest sbomFormat */
                sbomFormat?: (string|null);

                /** Manifest sbomSize */
                sbomSize?: (number|null);

                /** Manifest compressedImage */
                compressedImage?: (ota.v1.Delta.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Manifest. */
            type $Shape = ota.v1.Manifest.$Properties;
        }

        /**
         * Properties of a ChunkRequest.
         * @deprecated Use ota.v1.ChunkRequest.$Properties instead.
         */
        interface IChunkRequest extends ota.v1.ChunkRequest.$Properties {
        }

        /** Represents a ChunkRequest. */
        class ChunkRequest {

            /**
             * Constructs a new ChunkRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.ChunkRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ChunkRequest artifact. */
            artifact: Uint8Array;

            /** ChunkRequest base. */
            base: number;

            /** ChunkRequest bitmap. */
            bitmap: Uint8Array;

            /** ChunkRequest joined. */
            joined: boolean;

            /**
             * Creates a new ChunkRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ChunkRequest instance
             */
            static create(properties: ota.v1.ChunkRequest.$Shape): ota.v1.ChunkRequest & ota.v1.ChunkRequest.$Shape;
            static create(properties?: ota.v1.ChunkRequest.$Properties): ota.v1.ChunkRequest;

            /**
             * Encodes the specified ChunkRequest message. Does not implicitly {@link ota.v1.ChunkRequest.verify|verify} messages.
             * @param message ChunkRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.ChunkRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ChunkRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.ChunkRequest & ota.v1.ChunkRequest.$Shape} ChunkRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.ChunkRequest & ota.v1.ChunkRequest.$Shape;

            /**
             * Creates a ChunkRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ChunkRequest
             */
            static fromObject(object: { [k: string]: any }): ota.v1.ChunkRequest;

            /**
             * Creates a plain object from a ChunkRequest message. Also converts values to other types if specified.
             * @param message ChunkRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.ChunkRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ChunkRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ChunkRequest {

            /** Properties of a ChunkRequest. */
            interface $Properties {

                /** ChunkRequest artifact */
                artifact?: (Uint8Array|null);

                /** ChunkRequest base */
                base?: (number|null);

                /** ChunkRequest bitmap */
                bitmap?: (Uint8Array|null);

                /** ChunkRequest joined */
                joined?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ChunkRequest. */
            type $Shape = ota.v1.ChunkRequest.$Properties;
        }

        /**
         * Properties of a ChunkFrame.
         * @deprecated Use ota.v1.ChunkFrame.$Properties instead.
         */
        interface IChunkFrame extends ota.v1.ChunkFrame.$Properties {
        }

        /** Represents a ChunkFrame. */
        class ChunkFrame {

            /**
             * Constructs a new ChunkFrame.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.ChunkFrame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ChunkFrame artifact. */
            artifact: Uint8Array;

            /** ChunkFrame index. */
            index: number;

            /** ChunkFrame data. */
            data: Uint8Array;

            /** ChunkFrame proof. */
            proof: Uint8Array[];

            /**
             * Creates a new ChunkFrame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ChunkFrame instance
             */
            static create(properties: ota.v1.ChunkFrame.$Shape): ota.v1.ChunkFrame & ota.v1.ChunkFrame.$Shape;
            static create(properties?: ota.v1.ChunkFrame.$Properties): ota.v1.ChunkFrame;

            /**
             * Encodes the specified ChunkFrame message. Does not implicitly {@link ota.v1.ChunkFrame.verify|verify} messages.
             * @param message ChunkFrame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.ChunkFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ChunkFrame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.ChunkFrame & ota.v1.ChunkFrame.$Shape} ChunkFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.ChunkFrame & ota.v1.ChunkFrame.$Shape;

            /**
             * Creates a ChunkFrame message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ChunkFrame
             */
            static fromObject(object: { [k: string]: any }): ota.v1.ChunkFrame;

            /**
             * Creates a plain object from a ChunkFrame message. Also converts values to other types if specified.
             * @param message ChunkFrame
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.ChunkFrame, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ChunkFrame to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ChunkFrame {

            /** Properties of a ChunkFrame. */
            interface $Properties {

                /** ChunkFrame artifact */
                artifact?: (Uint8Array|null);

                /** ChunkFrame index */
                index?: (number|null);

                /** ChunkFrame data */
                data?: (Uint8Array|null);

                /** ChunkFrame proof */
                proof?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ChunkFrame. */
            type $Shape = ota.v1.ChunkFrame.$Properties;
        }

        /**
         * Properties of an ErrorFrame.
         * @deprecated Use ota.v1.ErrorFrame.$Properties instead.
         */
        interface IErrorFrame extends ota.v1.ErrorFrame.$Properties {
        }

        /** Represents an ErrorFrame. */
        class ErrorFrame {

            /**
             * Constructs a new ErrorFrame.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.ErrorFrame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ErrorFrame artifact. */
            artifact: Uint8Array;

            /** ErrorFrame code. */
            code: string;

            /** ErrorFrame detail. */
            detail: string;

            /**
             * Creates a new ErrorFrame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ErrorFrame instance
             */
            static create(properties: ota.v1.ErrorFrame.$Shape): ota.v1.ErrorFrame & ota.v1.ErrorFrame.$Shape;
            static create(properties?: ota.v1.ErrorFrame.$Properties): ota.v1.ErrorFrame;

            /**
             * Encodes the specified ErrorFrame message. Does not implicitly {@link ota.v1.ErrorFrame.verify|verify} messages.
             * @param message ErrorFrame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.ErrorFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ErrorFrame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.ErrorFrame & ota.v1.ErrorFrame.$Shape} ErrorFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.ErrorFrame & ota.v1.ErrorFrame.$Shape;

            /**
             * Creates an ErrorFrame message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ErrorFrame
             */
            static fromObject(object: { [k: string]: any }): ota.v1.ErrorFrame;

            /**
             * Creates a plain object from an ErrorFrame message. Also converts values to other types if specified.
             * @param message ErrorFrame
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.ErrorFrame, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ErrorFrame to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ErrorFrame {

            /** Properties of an ErrorFrame. */
            interface $Properties {

                /** ErrorFrame artifact */
                artifact?: (Uint8Array|null);

                /** ErrorFrame code */
                code?: (string|null);

                /** ErrorFrame detail */
                detail?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an ErrorFrame. */
            type $Shape = ota.v1.ErrorFrame.$Properties;
        }

        /**
         * Properties of a DataFrame.
         * @deprecated Use ota.v1.DataFrame.$Properties instead.
         */
        interface IDataFrame extends ota.v1.DataFrame.$Properties {
        }

        /** Represents a DataFrame. */
        class DataFrame {

            /**
             * Constructs a new DataFrame.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.DataFrame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DataFrame chunk. */
            chunk?: (ota.v1.ChunkFrame.$Properties|null);

            /** DataFrame error. */
            error?: (ota.v1.ErrorFrame.$Properties|null);

            /** DataFrame kind. */
            kind?: ("chunk"|"error");

            /**
             * Creates a new DataFrame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DataFrame instance
             */
            static create(properties: ota.v1.DataFrame.$Shape): ota.v1.DataFrame & ota.v1.DataFrame.$Shape;
            static create(properties?: ota.v1.DataFrame.$Properties): ota.v1.DataFrame;

            /**
             * Encodes the specified DataFrame message. Does not implicitly {@link ota.v1.DataFrame.verify|verify} messages.
             * @param message DataFrame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.DataFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DataFrame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.DataFrame & ota.v1.DataFrame.$Shape} DataFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.DataFrame & ota.v1.DataFrame.$Shape;

            /**
             * Creates a DataFrame message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns DataFrame
             */
            static fromObject(object: { [k: string]: any }): ota.v1.DataFrame;

            /**
             * Creates a plain object from a DataFrame message. Also converts values to other types if specified.
             * @param message DataFrame
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.DataFrame, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this DataFrame to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace DataFrame {

            /** Properties of a DataFrame. */
            interface $Properties {

                /** DataFrame chunk */
                chunk?: (ota.v1.ChunkFrame.$Properties|null);

                /** DataFrame error */
                error?: (ota.v1.ErrorFrame.$Properties|null);

                /** DataFrame kind */
                kind?: ("chunk"|"error");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a DataFrame. */
            type $Shape = {
              chunk?: ota.v1.ChunkFrame.$Shape|null;
              error?: ota.v1.ErrorFrame.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ kind?: undefined; chunk?: null; error?: null }|{ kind?: "chunk"; chunk: ota.v1.ChunkFrame.$Shape; error?: null }|{ kind?: "error"; chunk?: null; error: ota.v1.ErrorFrame.$Shape })
            );
        }

        /** State enum. */
        enum State {

            /** STATE_UNSPECIFIED value */
            STATE_UNSPECIFIED = 0,

            /** STATE_IDLE value */
            STATE_IDLE = 1,

            /** STATE_OFFERED value */
            STATE_OFFERED = 2,

            /** STATE_DEFERRED value */
            STATE_DEFERRED = 3,

            /** STATE_DOWNLOADING value */
            STATE_DOWNLOADING = 4,

            /** STATE_DOWNLOADED value */
            STATE_DOWNLOADED = 5,

            /** STATE_VERIFIED value */
            STATE_VERIFIED = 6,

            /** STATE_INSTALLING value */
            STATE_INSTALLING = 7,

            /** STATE_REBOOTING value */
            STATE_REBOOTING = 8,

            /** STATE_TRIAL value */
            STATE_TRIAL = 9,

            /** STATE_CONFIRMED value */
            STATE_CONFIRMED = 10,

            /** STATE_REVERTED value */
            STATE_REVERTED = 11,

            /** STATE_FAILED value */
            STATE_FAILED = 12,

            /** STATE_REJECTED value */
            STATE_REJECTED = 13
        }

        /** SupportStatus enum. */
        enum SupportStatus {

            /** SUPPORT_UNKNOWN value */
            SUPPORT_UNKNOWN = 0,

            /** SUPPORT_SUPPORTED value */
            SUPPORT_SUPPORTED = 1,

            /** SUPPORT_ENDING value */
            SUPPORT_ENDING = 2,

            /** SUPPORT_ENDED value */
            SUPPORT_ENDED = 3
        }

        /**
         * Properties of a StatusEvent.
         * @deprecated Use ota.v1.StatusEvent.$Properties instead.
         */
        interface IStatusEvent extends ota.v1.StatusEvent.$Properties {
        }

        /** Represents a StatusEvent. */
        class StatusEvent {

            /**
             * Constructs a new StatusEvent.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.StatusEvent.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** StatusEvent deviceId. */
            deviceId: string;

            /** StatusEvent state. */
            state: ota.v1.State;

            /** StatusEvent result. */
            result: number;

            /** StatusEvent currentVersion. */
            currentVersion: string;

            /** StatusEvent targetVersion. */
            targetVersion: string;

            /** StatusEvent time. */
            time: number;

            /** StatusEvent detail. */
            detail: string;

            /** StatusEvent errorCode. */
            errorCode: string;

            /** StatusEvent artifact. */
            artifact: Uint8Array;

            /** StatusEvent bytesReceived. */
            bytesReceived: number;

            /** StatusEvent bytesTotal. */
            bytesTotal: number;

            /** StatusEvent securityVersion. */
            securityVersion: number;

            /** StatusEvent model. */
            model: string;

            /** StatusEvent receivedAt. */
            receivedAt: number;

            /** StatusEvent slot. */
            slot: string;

            /** StatusEvent previousVersion. */
            previousVersion: string;

            /** StatusEvent hardwareRevision. */
            hardwareRevision: string;

            /** StatusEvent support. */
            support: ota.v1.SupportStatus;

            /** StatusEvent endOfLifeAt. */
            endOfLifeAt: number;

            /** StatusEvent sbomSha256. */
            sbomSha256: Uint8Array;

            /** StatusEvent deferredUntil. */
            deferredUntil: number;

            /**
             * Creates a new StatusEvent instance using the specified properties.
             * @param [properties] Properties to set
             * @returns StatusEvent instance
             */
            static create(properties: ota.v1.StatusEvent.$Shape): ota.v1.StatusEvent & ota.v1.StatusEvent.$Shape;
            static create(properties?: ota.v1.StatusEvent.$Properties): ota.v1.StatusEvent;

            /**
             * Encodes the specified StatusEvent message. Does not implicitly {@link ota.v1.StatusEvent.verify|verify} messages.
             * @param message StatusEvent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.StatusEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a StatusEvent message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.StatusEvent & ota.v1.StatusEvent.$Shape} StatusEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.StatusEvent & ota.v1.StatusEvent.$Shape;

            /**
             * Creates a StatusEvent message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns StatusEvent
             */
            static fromObject(object: { [k: string]: any }): ota.v1.StatusEvent;

            /**
             * Creates a plain object from a StatusEvent message. Also converts values to other types if specified.
             * @param message StatusEvent
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.StatusEvent, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this StatusEvent to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace StatusEvent {

            /** Properties of a StatusEvent. */
            interface $Properties {

                /** StatusEvent deviceId */
                deviceId?: (string|null);

                /** StatusEvent state */
                state?: (ota.v1.State|null);

                /** StatusEvent result */
                result?: (number|null);

                /** StatusEvent currentVersion */
                currentVersion?: (string|null);

                /** StatusEvent targetVersion */
                targetVersion?: (string|null);

                /** StatusEvent time */
                time?: (number|null);

                /** StatusEvent detail */
                detail?: (string|null);

                /** StatusEvent errorCode */
                errorCode?: (string|null);

                /** StatusEvent artifact */
                artifact?: (Uint8Array|null);

                /** StatusEvent bytesReceived */
                bytesReceived?: (number|null);

                /** StatusEvent bytesTotal */
                bytesTotal?: (number|null);

                /** StatusEvent securityVersion */
                securityVersion?: (number|null);

                /** StatusEvent model */
                model?: (string|null);

                /** StatusEvent receivedAt */
                receivedAt?: (number|null);

                /** StatusEvent slot */
                slot?: (string|null);

                /** StatusEvent previousVersion */
                previousVersion?: (string|null);

                /** StatusEvent hardwareRevision */
                hardwareRevision?: (string|null);

                /** StatusEvent support */
                support?: (ota.v1.SupportStatus|null);

                /** StatusEvent endOfLifeAt */
                endOfLifeAt?: (number|null);

                /** StatusEvent sbomSha256 */
                sbomSha256?: (Uint8Array|null);

                /** StatusEvent deferredUntil */
                deferredUntil?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a StatusEvent. */
            type $Shape = ota.v1.StatusEvent.$Properties;
        }

        /**
         * Properties of an AdminResult.
         * @deprecated Use ota.v1.AdminResult.$Properties instead.
         */
        interface IAdminResult extends ota.v1.AdminResult.$Properties {
        }

        /** Represents an AdminResult. */
        class AdminResult {

            /**
             * Constructs a new AdminResult.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.AdminResult.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdminResult ok. */
            ok: boolean;

            /** AdminResult code. */
            code: string;

            /** AdminResult detail. */
            detail: string;

            /** AdminResult model. */
            model: string;

            /** AdminResult version. */
            version: string;

            /** AdminResult artifact. */
            artifact: Uint8Array;

            /** AdminResult sequence. */
            sequence: number;

            /**
             * Creates a new AdminResult instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdminResult instance
             */
            static create(properties: ota.v1.AdminResult.$Shape): ota.v1.AdminResult & ota.v1.AdminResult.$Shape;
            static create(properties?: ota.v1.AdminResult.$Properties): ota.v1.AdminResult;

            /**
             * Encodes the specified AdminResult message. Does not implicitly {@link ota.v1.AdminResult.verify|verify} messages.
             * @param message AdminResult message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.AdminResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdminResult message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.AdminResult & ota.v1.AdminResult.$Shape} AdminResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.AdminResult & ota.v1.AdminResult.$Shape;

            /**
             * Creates an AdminResult message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AdminResult
             */
            static fromObject(object: { [k: string]: any }): ota.v1.AdminResult;

            /**
             * Creates a plain object from an AdminResult message. Also converts values to other types if specified.
             * @param message AdminResult
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.AdminResult, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AdminResult to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace AdminResult {

            /** Properties of an AdminResult. */
            interface $Properties {

                /** AdminResult ok */
                ok?: (boolean|null);

                /** AdminResult code */
                code?: (string|null);

                /** AdminResult detail */
                detail?: (string|null);

                /** AdminResult model */
                model?: (string|null);

                /** AdminResult version */
                version?: (string|null);

                /** AdminResult artifact */
                artifact?: (Uint8Array|null);

                /** AdminResult sequence */
                sequence?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AdminResult. */
            type $Shape = ota.v1.AdminResult.$Properties;
        }

        /**
         * Properties of an AdminRequest.
         * @deprecated Use ota.v1.AdminRequest.$Properties instead.
         */
        interface IAdminRequest extends ota.v1.AdminRequest.$Properties {
        }

        /** Represents an AdminRequest. */
        class AdminRequest {

            /**
             * Constructs a new AdminRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.AdminRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdminRequest release. */
            release?: (ota.v1.AdminRelease.$Properties|null);

            /** AdminRequest inventory. */
            inventory?: (ota.v1.InventoryQuery.$Properties|null);

            /** AdminRequest releases. */
            releases?: (ota.v1.ReleaseListQuery.$Properties|null);

            /** AdminRequest rolloutStart. */
            rolloutStart?: (ota.v1.RolloutStartRequest.$Properties|null);

            /** AdminRequest rolloutPlan. */
            rolloutPlan?: (ota.v1.RolloutPlanQuery.$Properties|null);

            /** AdminRequest rolloutStatus. */
            rolloutStatus?: (ota.v1.RolloutStatusQuery.$Properties|null);

            /** AdminRequest rolloutControl. */
            rolloutControl?: (ota.v1.RolloutControlRequest.$Properties|null);

            /** AdminRequest kind. */
            kind?: ("release"|"inventory"|"releases"|"rolloutStart"|"rolloutPlan"|"rolloutStatus"|"rolloutControl");

            /**
             * Creates a new AdminRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdminRequest instance
             */
            static create(properties: ota.v1.AdminRequest.$Shape): ota.v1.AdminRequest & ota.v1.AdminRequest.$Shape;
            static create(properties?: ota.v1.AdminRequest.$Properties): ota.v1.AdminRequest;

            /**
             * Encodes the specified AdminRequest message. Does not implicitly {@link ota.v1.AdminRequest.verify|verify} messages.
             * @param message AdminRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.AdminRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdminRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.AdminRequest & ota.v1.AdminRequest.$Shape} AdminRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.AdminRequest & ota.v1.AdminRequest.$Shape;

            /**
             * Creates an AdminRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AdminRequest
             */
            static fromObject(object: { [k: string]: any }): ota.v1.AdminRequest;

            /**
             * Creates a plain object from an AdminRequest message. Also converts values to other types if specified.
             * @param message AdminRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.AdminRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AdminRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace AdminRequest {

            /** Properties of an AdminRequest. */
            interface $Properties {

                /** AdminRequest release */
                release?: (ota.v1.AdminRelease.$Properties|null);

                /** AdminRequest inventory */
                inventory?: (ota.v1.InventoryQuery.$Properties|null);

                /** AdminRequest releases */
                releases?: (ota.v1.ReleaseListQuery.$Properties|null);

                /** AdminRequest rolloutStart */
                rolloutStart?: (ota.v1.RolloutStartRequest.$Properties|null);

                /** AdminRequest rolloutPlan */
                rolloutPlan?: (ota.v1.RolloutPlanQuery.$Properties|null);

                /** AdminRequest rolloutStatus */
                rolloutStatus?: (ota.v1.RolloutStatusQuery.$Properties|null);

                /** AdminRequest rolloutControl */
                rolloutControl?: (ota.v1.RolloutControlRequest.$Properties|null);

                /** AdminRequest kind */
                kind?: ("release"|"inventory"|"releases"|"rolloutStart"|"rolloutPlan"|"rolloutStatus"|"rolloutControl");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of an AdminRequest. */
            type $Shape = {
              release?: ota.v1.AdminRelease.$Shape|null;
              inventory?: ota.v1.InventoryQuery.$Shape|null;
              releases?: ota.v1.ReleaseListQuery.$Shape|null;
              rolloutStart?: ota.v1.RolloutStartRequest.$Shape|null;
              rolloutPlan?: ota.v1.RolloutPlanQuery.$Shape|null;
              rolloutStatus?: ota.v1.RolloutStatusQuery.$Shape|null;
              rolloutControl?: ota.v1.RolloutControlRequest.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ kind?: undefined; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "release"; release: ota.v1.AdminRelease.$Shape; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "inventory"; release?: null; inventory: ota.v1.InventoryQuery.$Shape; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "releases"; release?: null; inventory?: null; releases: ota.v1.ReleaseListQuery.$Shape; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "rolloutStart"; release?: null; inventory?: null; releases?: null; rolloutStart: ota.v1.RolloutStartRequest.$Shape; rolloutPlan?: null; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "rolloutPlan"; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan: ota.v1.RolloutPlanQuery.$Shape; rolloutStatus?: null; rolloutControl?: null }|{ kind?: "rolloutStatus"; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus: ota.v1.RolloutStatusQuery.$Shape; rolloutControl?: null }|{ kind?: "rolloutControl"; release?: null; inventory?: null; releases?: null; rolloutStart?: null; rolloutPlan?: null; rolloutStatus?: null; rolloutControl: ota.v1.RolloutControlRequest.$Shape })
            );
        }

        /**
         * Properties of an AdminRelease.
         * @deprecated Use ota.v1.AdminRelease.$Properties instead.
         */
        interface IAdminRelease extends ota.v1.AdminRelease.$Properties {
        }

        /** Represents an AdminRelease. */
        class AdminRelease {

            /**
             * Constructs a new AdminRelease.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.AdminRelease.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdminRelease bundle. */
            bundle: Uint8Array;

            /** AdminRelease force. */
            force: boolean;

            /**
             * Creates a new AdminRelease instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdminRelease instance
             */
            static create(properties: ota.v1.AdminRelease.$Shape): ota.v1.AdminRelease & ota.v1.AdminRelease.$Shape;
            static create(properties?: ota.v1.AdminRelease.$Properties): ota.v1.AdminRelease;

            /**
             * Encodes the specified AdminRelease message. Does not implicitly {@link ota.v1.AdminRelease.verify|verify} messages.
             * @param message AdminRelease message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.AdminRelease.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdminRelease message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.AdminRelease & ota.v1.AdminRelease.$Shape} AdminRelease
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.AdminRelease & ota.v1.AdminRelease.$Shape;

            /**
             * Creates an AdminRelease message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AdminRelease
             */
            static fromObject(object: { [k: string]: any }): ota.v1.AdminRelease;

            /**
             * Creates a plain object from an AdminRelease message. Also converts values to other types if specified.
             * @param message AdminRelease
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.AdminRelease, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AdminRelease to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace AdminRelease {

            /** Properties of an AdminRelease. */
            interface $Properties {

                /** AdminRelease bundle */
                bundle?: (Uint8Array|null);

                /** AdminRelease force */
                force?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AdminRelease. */
            type $Shape = ota.v1.AdminRelease.$Properties;
        }

        /**
         * Properties of an InventoryQuery.
         * @deprecated Use ota.v1.InventoryQuery.$Properties instead.
         */
        interface IInventoryQuery extends ota.v1.InventoryQuery.$Properties {
        }

        /** Represents an InventoryQuery. */
        class InventoryQuery {

            /**
             * Constructs a new InventoryQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.InventoryQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new InventoryQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns InventoryQuery instance
             */
            static create(properties: ota.v1.InventoryQuery.$Shape): ota.v1.InventoryQuery & ota.v1.InventoryQuery.$Shape;
            static create(properties?: ota.v1.InventoryQuery.$Properties): ota.v1.InventoryQuery;

            /**
             * Encodes the specified InventoryQuery message. Does not implicitly {@link ota.v1.InventoryQuery.verify|verify} messages.
             * @param message InventoryQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.InventoryQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an InventoryQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.InventoryQuery & ota.v1.InventoryQuery.$Shape} InventoryQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.InventoryQuery & ota.v1.InventoryQuery.$Shape;

            /**
             * Creates an InventoryQuery message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns InventoryQuery
             */
            static fromObject(object: { [k: string]: any }): ota.v1.InventoryQuery;

            /**
             * Creates a plain object from an InventoryQuery message. Also converts values to other types if specified.
             * @param message InventoryQuery
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.InventoryQuery, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this InventoryQuery to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace InventoryQuery {

            /** Properties of an InventoryQuery. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an InventoryQuery. */
            type $Shape = ota.v1.InventoryQuery.$Properties;
        }

        /**
         * Properties of a ReleaseListQuery.
         * @deprecated Use ota.v1.ReleaseListQuery.$Properties instead.
         */
        interface IReleaseListQuery extends ota.v1.ReleaseListQuery.$Properties {
        }

        /** Represents a ReleaseListQuery. */
        class ReleaseListQuery {

            /**
             * Constructs a new ReleaseListQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.ReleaseListQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new ReleaseListQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReleaseListQuery instance
             */
            static create(properties: ota.v1.ReleaseListQuery.$Shape): ota.v1.ReleaseListQuery & ota.v1.ReleaseListQuery.$Shape;
            static create(properties?: ota.v1.ReleaseListQuery.$Properties): ota.v1.ReleaseListQuery;

            /**
             * Encodes the specified ReleaseListQuery message. Does not implicitly {@link ota.v1.ReleaseListQuery.verify|verify} messages.
             * @param message ReleaseListQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.ReleaseListQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReleaseListQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.ReleaseListQuery & ota.v1.ReleaseListQuery.$Shape} ReleaseListQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.ReleaseListQuery & ota.v1.ReleaseListQuery.$Shape;

            /**
             * Creates a ReleaseListQuery message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ReleaseListQuery
             */
            static fromObject(object: { [k: string]: any }): ota.v1.ReleaseListQuery;

            /**
             * Creates a plain object from a ReleaseListQuery message. Also converts values to other types if specified.
             * @param message ReleaseListQuery
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.ReleaseListQuery, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ReleaseListQuery to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ReleaseListQuery {

            /** Properties of a ReleaseListQuery. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReleaseListQuery. */
            type $Shape = ota.v1.ReleaseListQuery.$Properties;
        }

        /**
         * Properties of an AdminAnswer.
         * @deprecated Use ota.v1.AdminAnswer.$Properties instead.
         */
        interface IAdminAnswer extends ota.v1.AdminAnswer.$Properties {
        }

        /** Represents an AdminAnswer. */
        class AdminAnswer {

            /**
             * Constructs a new AdminAnswer.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.AdminAnswer.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdminAnswer result. */
            result?: (ota.v1.AdminResult.$Properties|null);

            /** AdminAnswer inventory. */
            inventory?: (ota.v1.Inventory.$Properties|null);

            /** AdminAnswer releases. */
            releases?: (ota.v1.ReleaseList.$Properties|null);

            /** AdminAnswer rollouts. */
            rollouts?: (ota.v1.RolloutList.$Properties|null);

            /** AdminAnswer rolloutPlan. */
            rolloutPlan?: (ota.v1.RolloutPlanRecord.$Properties|null);

            /** AdminAnswer alreadyCurrent. */
            alreadyCurrent: boolean;

            /** AdminAnswer kind. */
            kind?: ("result"|"inventory"|"releases"|"rollouts"|"rolloutPlan");

            /**
             * Creates a new AdminAnswer instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdminAnswer instance
             */
            static create(properties: ota.v1.AdminAnswer.$Shape): ota.v1.AdminAnswer & ota.v1.AdminAnswer.$Shape;
            static create(properties?: ota.v1.AdminAnswer.$Properties): ota.v1.AdminAnswer;

            /**
             * Encodes the specified AdminAnswer message. Does not implicitly {@link ota.v1.AdminAnswer.verify|verify} messages.
             * @param message AdminAnswer message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.AdminAnswer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdminAnswer message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.AdminAnswer & ota.v1.AdminAnswer.$Shape} AdminAnswer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.AdminAnswer & ota.v1.AdminAnswer.$Shape;

            /**
             * Creates an AdminAnswer message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AdminAnswer
             */
            static fromObject(object: { [k: string]: any }): ota.v1.AdminAnswer;

            /**
             * Creates a plain object from an AdminAnswer message. Also converts values to other types if specified.
             * @param message AdminAnswer
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.AdminAnswer, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AdminAnswer to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace AdminAnswer {

            /** Properties of an AdminAnswer. */
            interface $Properties {

                /** AdminAnswer result */
                result?: (ota.v1.AdminResult.$Properties|null);

                /** AdminAnswer inventory */
                inventory?: (ota.v1.Inventory.$Properties|null);

                /** AdminAnswer releases */
                releases?: (ota.v1.ReleaseList.$Properties|null);

                /** AdminAnswer rollouts */
                rollouts?: (ota.v1.RolloutList.$Properties|null);

                /** AdminAnswer rolloutPlan */
                rolloutPlan?: (ota.v1.RolloutPlanRecord.$Properties|null);

                /** AdminAnswer alreadyCurrent */
                alreadyCurrent?: (boolean|null);

                /** AdminAnswer kind */
                kind?: ("result"|"inventory"|"releases"|"rollouts"|"rolloutPlan");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of an AdminAnswer. */
            type $Shape = {
              result?: ota.v1.AdminResult.$Shape|null;
              inventory?: ota.v1.Inventory.$Shape|null;
              releases?: ota.v1.ReleaseList.$Shape|null;
              rollouts?: ota.v1.RolloutList.$Shape|null;
              rolloutPlan?: ota.v1.RolloutPlanRecord.$Shape|null;
              alreadyCurrent?: boolean|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ kind?: undefined; result?: null; inventory?: null; releases?: null; rollouts?: null; rolloutPlan?: null }|{ kind?: "result"; result: ota.v1.AdminResult.$Shape; inventory?: null; releases?: null; rollouts?: null; rolloutPlan?: null }|{ kind?: "inventory"; result?: null; inventory: ota.v1.Inventory.$Shape; releases?: null; rollouts?: null; rolloutPlan?: null }|{ kind?: "releases"; result?: null; inventory?: null; releases: ota.v1.ReleaseList.$Shape; rollouts?: null; rolloutPlan?: null }|{ kind?: "rollouts"; result?: null; inventory?: null; releases?: null; rollouts: ota.v1.RolloutList.$Shape; rolloutPlan?: null }|{ kind?: "rolloutPlan"; result?: null; inventory?: null; releases?: null; rollouts?: null; rolloutPlan: ota.v1.RolloutPlanRecord.$Shape })
            );
        }

        /**
         * Properties of a DeviceRecord.
         * @deprecated Use ota.v1.DeviceRecord.$Properties instead.
         */
        interface IDeviceRecord extends ota.v1.DeviceRecord.$Properties {
        }

        /** Represents a DeviceRecord. */
        class DeviceRecord {

            /**
             * Constructs a new DeviceRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.DeviceRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DeviceRecord deviceId. */
            deviceId: string;

            /** DeviceRecord model. */
            model: string;

            /** DeviceRecord online. */
            online: boolean;

            /** DeviceRecord lastSeen. */
            lastSeen: number;

            /** DeviceRecord connectedAt. */
            connectedAt: number;

            /** DeviceRecord currentVersion. */
            currentVersion: string;

            /** DeviceRecord securityVersion. */
            securityVersion: number;

            /** DeviceRecord state. */
            state: ota.v1.State;

            /** DeviceRecord result. */
            result: number;

            /** DeviceRecord errorCode. */
            errorCode: string;

            /** DeviceRecord targetVersion. */
            targetVersion: string;

            /** DeviceRecord remoteAddress. */
            remoteAddress: string;

            /** DeviceRecord reportedAt. */
            reportedAt: number;

            /** DeviceRecord hardwareRevision. */
            hardwareRevision: string;

            /** DeviceRecord support. */
            support: ota.v1.SupportStatus;

            /** DeviceRecord endOfLifeAt. */
            endOfLifeAt: number;

            /** DeviceRecord sbomSha256. */
            sbomSha256: Uint8Array;

            /** DeviceRecord suspect. */
            suspect: boolean;

            /** DeviceRecord suspectReason. */
            suspectReason: string;

            /**
             * Creates a new DeviceRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DeviceRecord instance
             */
            static create(properties: ota.v1.DeviceRecord.$Shape): ota.v1.DeviceRecord & ota.v1.DeviceRecord.$Shape;
            static create(properties?: ota.v1.DeviceRecord.$Properties): ota.v1.DeviceRecord;

            /**
             * Encodes the specified DeviceRecord message. Does not implicitly {@link ota.v1.DeviceRecord.verify|verify} messages.
             * @param message DeviceRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.DeviceRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DeviceRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.DeviceRecord & ota.v1.DeviceRecord.$Shape} DeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.DeviceRecord & ota.v1.DeviceRecord.$Shape;

            /**
             * Creates a DeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns DeviceRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.DeviceRecord;

            /**
             * Creates a plain object from a DeviceRecord message. Also converts values to other types if specified.
             * @param message DeviceRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.DeviceRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this DeviceRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace DeviceRecord {

            /** Properties of a DeviceRecord. */
            interface $Properties {

                /** DeviceRecord deviceId */
                deviceId?: (string|null);

                /** DeviceRecord model */
                model?: (string|null);

                /** DeviceRecord online */
                online?: (boolean|null);

                /** DeviceRecord lastSeen */
                lastSeen?: (number|null);

                /** DeviceRecord connectedAt */
                connectedAt?: (number|null);

                /** DeviceRecord currentVersion */
                currentVersion?: (string|null);

                /** DeviceRecord securityVersion */
                securityVersion?: (number|null);

                /** DeviceRecord state */
                state?: (ota.v1.State|null);

                /** DeviceRecord result */
                result?: (number|null);

                /** DeviceRecord errorCode */
                errorCode?: (string|null);

                /** DeviceRecord targetVersion */
                targetVersion?: (string|null);

                /** DeviceRecord remoteAddress */
                remoteAddress?: (string|null);

                /** DeviceRecord reportedAt */
                reportedAt?: (number|null);

                /** DeviceRecord hardwareRevision */
                hardwareRevision?: (string|null);

                /** DeviceRecord support */
                support?: (ota.v1.SupportStatus|null);

                /** DeviceRecord endOfLifeAt */
                endOfLifeAt?: (number|null);

                /** DeviceRecord sbomSha256 */
                sbomSha256?: (Uint8Array|null);

                /** DeviceRecord suspect */
                suspect?: (boolean|null);

                /** DeviceRecord suspectReason */
                suspectReason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DeviceRecord. */
            type $Shape = ota.v1.DeviceRecord.$Properties;
        }

        /**
         * Properties of an Inventory.
         * @deprecated Use ota.v1.Inventory.$Properties instead.
         */
        interface IInventory extends ota.v1.Inventory.$Properties {
        }

        /** Represents an Inventory. */
        class Inventory {

            /**
             * Constructs a new Inventory.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.Inventory.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Inventory devices. */
            devices: ota.v1.DeviceRecord.$Properties[];

            /**
             * Creates a new Inventory instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Inventory instance
             */
            static create(properties: ota.v1.Inventory.$Shape): ota.v1.Inventory & ota.v1.Inventory.$Shape;
            static create(properties?: ota.v1.Inventory.$Properties): ota.v1.Inventory;

            /**
             * Encodes the specified Inventory message. Does not implicitly {@link ota.v1.Inventory.verify|verify} messages.
             * @param message Inventory message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.Inventory.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Inventory message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.Inventory & ota.v1.Inventory.$Shape} Inventory
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.Inventory & ota.v1.Inventory.$Shape;

            /**
             * Creates an Inventory message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Inventory
             */
            static fromObject(object: { [k: string]: any }): ota.v1.Inventory;

            /**
             * Creates a plain object from an Inventory message. Also converts values to other types if specified.
             * @param message Inventory
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.Inventory, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Inventory to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Inventory {

            /** Properties of an Inventory. */
            interface $Properties {

                /** Inventory devices */
                devices?: (ota.v1.DeviceRecord.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Inventory. */
            type $Shape = ota.v1.Inventory.$Properties;
        }

        /**
         * Properties of a ReleaseRecord.
         * @deprecated Use ota.v1.ReleaseRecord.$Properties instead.
         */
        interface IReleaseRecord extends ota.v1.ReleaseRecord.$Properties {
        }

        /** Represents a ReleaseRecord. */
        class ReleaseRecord {

            /**
             * Constructs a new ReleaseRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.ReleaseRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReleaseRecord model. */
            model: string;

            /** ReleaseRecord version. */
            version: string;

            /** ReleaseRecord securityVersion. */
            securityVersion: number;

            /** ReleaseRecord sequence. */
            sequence: number;

            /** ReleaseRecord size. */
            size: number;

            /** ReleaseRecord chunks. */
            chunks: number;

            /** ReleaseRecord chunkSize. */
            chunkSize: number;

            /** ReleaseRecord expiresAt. */
            expiresAt: number;

            /** ReleaseRecord publishedAt. */
            publishedAt: number;

            /** ReleaseRecord artifact. */
            artifact: Uint8Array;

            /**
             * Creates a new ReleaseRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReleaseRecord instance
             */
            static create(properties: ota.v1.ReleaseRecord.$Shape): ota.v1.ReleaseRecord & ota.v1.ReleaseRecord.$Shape;
            static create(properties?: ota.v1.ReleaseRecord.$Properties): ota.v1.ReleaseRecord;

            /**
             * Encodes the specified ReleaseRecord message. Does not implicitly {@link ota.v1.ReleaseRecord.verify|verify} messages.
             * @param message ReleaseRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.ReleaseRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReleaseRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.ReleaseRecord & ota.v1.ReleaseRecord.$Shape} ReleaseRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.ReleaseRecord & ota.v1.ReleaseRecord.$Shape;

            /**
             * Creates a ReleaseRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ReleaseRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.ReleaseRecord;

            /**
             * Creates a plain object from a ReleaseRecord message. Also converts values to other types if specified.
             * @param message ReleaseRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.ReleaseRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ReleaseRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ReleaseRecord {

            /** Properties of a ReleaseRecord. */
            interface $Properties {

                /** ReleaseRecord model */
                model?: (string|null);

                /** ReleaseRecord version */
                version?: (string|null);

                /** ReleaseRecord securityVersion */
                securityVersion?: (number|null);

                /** ReleaseRecord sequence */
                sequence?: (number|null);

                /** ReleaseRecord size */
                size?: (number|null);

                /** ReleaseRecord chunks */
                chunks?: (number|null);

                /** ReleaseRecord chunkSize */
                chunkSize?: (number|null);

                /** ReleaseRecord expiresAt */
                expiresAt?: (number|null);

                /** ReleaseRecord publishedAt */
                publishedAt?: (number|null);

                /** ReleaseRecord artifact */
                artifact?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReleaseRecord. */
            type $Shape = ota.v1.ReleaseRecord.$Properties;
        }

        /**
         * Properties of a ReleaseList.
         * @deprecated Use ota.v1.ReleaseList.$Properties instead.
         */
        interface IReleaseList extends ota.v1.ReleaseList.$Properties {
        }

        /** Represents a ReleaseList. */
        class ReleaseList {

            /**
             * Constructs a new ReleaseList.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.ReleaseList.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReleaseList releases. */
            releases: ota.v1.ReleaseRecord.$Properties[];

            /**
             * Creates a new ReleaseList instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReleaseList instance
             */
            static create(properties: ota.v1.ReleaseList.$Shape): ota.v1.ReleaseList & ota.v1.ReleaseList.$Shape;
            static create(properties?: ota.v1.ReleaseList.$Properties): ota.v1.ReleaseList;

            /**
             * Encodes the specified ReleaseList message. Does not implicitly {@link ota.v1.ReleaseList.verify|verify} messages.
             * @param message ReleaseList message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.ReleaseList.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReleaseList message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.ReleaseList & ota.v1.ReleaseList.$Shape} ReleaseList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.ReleaseList & ota.v1.ReleaseList.$Shape;

            /**
             * Creates a ReleaseList message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ReleaseList
             */
            static fromObject(object: { [k: string]: any }): ota.v1.ReleaseList;

            /**
             * Creates a plain object from a ReleaseList message. Also converts values to other types if specified.
             * @param message ReleaseList
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.ReleaseList, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ReleaseList to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ReleaseList {

            /** Properties of a ReleaseList. */
            interface $Properties {

                /** ReleaseList releases */
                releases?: (ota.v1.ReleaseRecord.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReleaseList. */
            type $Shape = ota.v1.ReleaseList.$Properties;
        }

        /**
         * Properties of a RolloutSpecRecord.
         * @deprecated Use ota.v1.RolloutSpecRecord.$Properties instead.
         */
        interface IRolloutSpecRecord extends ota.v1.RolloutSpecRecord.$Properties {
        }

        /** Represents a RolloutSpecRecord. */
        class RolloutSpecRecord {

            /**
             * Constructs a new RolloutSpecRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutSpecRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutSpecRecord waves. */
            waves: number[];

            /** RolloutSpecRecord success. */
            success?: (number|null);

            /** RolloutSpecRecord maxFailures. */
            maxFailures?: (number|null);

            /** RolloutSpecRecord minDevices. */
            minDevices?: (number|null);

            /** RolloutSpecRecord waveTimeoutMs. */
            waveTimeoutMs?: (number|null);

            /** RolloutSpecRecord confirmTimeoutMs. */
            confirmTimeoutMs?: (number|null);

            /** RolloutSpecRecord devices. */
            devices: string[];

            /** RolloutSpecRecord group. */
            group: string;

            /**
             * Creates a new RolloutSpecRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutSpecRecord instance
             */
            static create(properties: ota.v1.RolloutSpecRecord.$Shape): ota.v1.RolloutSpecRecord & ota.v1.RolloutSpecRecord.$Shape;
            static create(properties?: ota.v1.RolloutSpecRecord.$Properties): ota.v1.RolloutSpecRecord;

            /**
             * Encodes the specified RolloutSpecRecord message. Does not implicitly {@link ota.v1.RolloutSpecRecord.verify|verify} messages.
             * @param message RolloutSpecRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutSpecRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutSpecRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutSpecRecord & ota.v1.RolloutSpecRecord.$Shape} RolloutSpecRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutSpecRecord & ota.v1.RolloutSpecRecord.$Shape;

            /**
             * Creates a RolloutSpecRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutSpecRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutSpecRecord;

            /**
             * Creates a plain object from a RolloutSpecRecord message. Also converts values to other types if specified.
             * @param message RolloutSpecRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutSpecRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutSpecRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutSpecRecord {

            /** Properties of a RolloutSpecRecord. */
            interface $Properties {

                /** RolloutSpecRecord waves */
                waves?: (number[]|null);

                /** RolloutSpecRecord success */
                success?: (number|null);

                /** RolloutSpecRecord maxFailures */
                maxFailures?: (number|null);

                /** RolloutSpecRecord minDevices */
                minDevices?: (number|null);

                /** RolloutSpecRecord waveTimeoutMs */
                waveTimeoutMs?: (number|null);

                /** RolloutSpecRecord confirmTimeoutMs */
                confirmTimeoutMs?: (number|null);

                /** RolloutSpecRecord devices */
                devices?: (string[]|null);

                /** RolloutSpecRecord group */
                group?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutSpecRecord. */
            type $Shape = ota.v1.RolloutSpecRecord.$Properties;
        }

        /**
         * Properties of a RolloutStartRequest.
         * @deprecated Use ota.v1.RolloutStartRequest.$Properties instead.
         */
        interface IRolloutStartRequest extends ota.v1.RolloutStartRequest.$Properties {
        }

        /** Represents a RolloutStartRequest. */
        class RolloutStartRequest {

            /**
             * Constructs a new RolloutStartRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutStartRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutStartRequest bundle. */
            bundle: Uint8Array;

            /** RolloutStartRequest spec. */
            spec?: (ota.v1.RolloutSpecRecord.$Properties|null);

            /** RolloutStartRequest force. */
            force: boolean;

            /**
             * Creates a new RolloutStartRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutStartRequest instance
             */
            static create(properties: ota.v1.RolloutStartRequest.$Shape): ota.v1.RolloutStartRequest & ota.v1.RolloutStartRequest.$Shape;
            static create(properties?: ota.v1.RolloutStartRequest.$Properties): ota.v1.RolloutStartRequest;

            /**
             * Encodes the specified RolloutStartRequest message. Does not implicitly {@link ota.v1.RolloutStartRequest.verify|verify} messages.
             * @param message RolloutStartRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutStartRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutStartRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutStartRequest & ota.v1.RolloutStartRequest.$Shape} RolloutStartRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutStartRequest & ota.v1.RolloutStartRequest.$Shape;

            /**
             * Creates a RolloutStartRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutStartRequest
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutStartRequest;

            /**
             * Creates a plain object from a RolloutStartRequest message. Also converts values to other types if specified.
             * @param message RolloutStartRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutStartRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutStartRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutStartRequest {

            /** Properties of a RolloutStartRequest. */
            interface $Properties {

                /** RolloutStartRequest bundle */
                bundle?: (Uint8Array|null);

                /** RolloutStartRequest spec */
                spec?: (ota.v1.RolloutSpecRecord.$Properties|null);

                /** RolloutStartRequest force */
                force?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutStartRequest. */
            type $Shape = ota.v1.RolloutStartRequest.$Properties;
        }

        /**
         * Properties of a RolloutPlanQuery.
         * @deprecated Use ota.v1.RolloutPlanQuery.$Properties instead.
         */
        interface IRolloutPlanQuery extends ota.v1.RolloutPlanQuery.$Properties {
        }

        /** Represents a RolloutPlanQuery. */
        class RolloutPlanQuery {

            /**
             * Constructs a new RolloutPlanQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutPlanQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutPlanQuery release. */
            release: Uint8Array;

            /** RolloutPlanQuery spec. */
            spec?: (ota.v1.RolloutSpecRecord.$Properties|null);

            /**
             * Creates a new RolloutPlanQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutPlanQuery instance
             */
            static create(properties: ota.v1.RolloutPlanQuery.$Shape): ota.v1.RolloutPlanQuery & ota.v1.RolloutPlanQuery.$Shape;
            static create(properties?: ota.v1.RolloutPlanQuery.$Properties): ota.v1.RolloutPlanQuery;

            /**
             * Encodes the specified RolloutPlanQuery message. Does not implicitly {@link ota.v1.RolloutPlanQuery.verify|verify} messages.
             * @param message RolloutPlanQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutPlanQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutPlanQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutPlanQuery & ota.v1.RolloutPlanQuery.$Shape} RolloutPlanQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutPlanQuery & ota.v1.RolloutPlanQuery.$Shape;

            /**
             * Creates a RolloutPlanQuery message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutPlanQuery
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutPlanQuery;

            /**
             * Creates a plain object from a RolloutPlanQuery message. Also converts values to other types if specified.
             * @param message RolloutPlanQuery
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutPlanQuery, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutPlanQuery to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutPlanQuery {

            /** Properties of a RolloutPlanQuery. */
            interface $Properties {

                /** RolloutPlanQuery release */
                release?: (Uint8Array|null);

                /** RolloutPlanQuery spec */
                spec?: (ota.v1.RolloutSpecRecord.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutPlanQuery. */
            type $Shape = ota.v1.RolloutPlanQuery.$Properties;
        }

        /**
         * Properties of a RolloutStatusQuery.
         * @deprecated Use ota.v1.RolloutStatusQuery.$Properties instead.
         */
        interface IRolloutStatusQuery extends ota.v1.RolloutStatusQuery.$Properties {
        }

        /** Represents a RolloutStatusQuery. */
        class RolloutStatusQuery {

            /**
             * Constructs a new RolloutStatusQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutStatusQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutStatusQuery id. */
            id: string;

            /**
             * Creates a new RolloutStatusQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutStatusQuery instance
             */
            static create(properties: ota.v1.RolloutStatusQuery.$Shape): ota.v1.RolloutStatusQuery & ota.v1.RolloutStatusQuery.$Shape;
            static create(properties?: ota.v1.RolloutStatusQuery.$Properties): ota.v1.RolloutStatusQuery;

            /**
             * Encodes the specified RolloutStatusQuery message. Does not implicitly {@link ota.v1.RolloutStatusQuery.verify|verify} messages.
             * @param message RolloutStatusQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutStatusQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutStatusQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutStatusQuery & ota.v1.RolloutStatusQuery.$Shape} RolloutStatusQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutStatusQuery & ota.v1.RolloutStatusQuery.$Shape;

            /**
             * Creates a RolloutStatusQuery message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutStatusQuery
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutStatusQuery;

            /**
             * Creates a plain object from a RolloutStatusQuery message. Also converts values to other types if specified.
             * @param message RolloutStatusQuery
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutStatusQuery, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutStatusQuery to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutStatusQuery {

            /** Properties of a RolloutStatusQuery. */
            interface $Properties {

                /** RolloutStatusQuery id */
                id?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutStatusQuery. */
            type $Shape = ota.v1.RolloutStatusQuery.$Properties;
        }

        /** RolloutAction enum. */
        enum RolloutAction {

            /** ROLLOUT_ACTION_UNSPECIFIED value */
            ROLLOUT_ACTION_UNSPECIFIED = 0,

            /** ROLLOUT_ACTION_PAUSE value */
            ROLLOUT_ACTION_PAUSE = 1,

            /** ROLLOUT_ACTION_RESUME value */
            ROLLOUT_ACTION_RESUME = 2,

            /** ROLLOUT_ACTION_ABORT value */
            ROLLOUT_ACTION_ABORT = 3
        }

        /**
         * Properties of a RolloutControlRequest.
         * @deprecated Use ota.v1.RolloutControlRequest.$Properties instead.
         */
        interface IRolloutControlRequest extends ota.v1.RolloutControlRequest.$Properties {
        }

        /** Represents a RolloutControlRequest. */
        class RolloutControlRequest {

            /**
             * Constructs a new RolloutControlRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutControlRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutControlRequest id. */
            id: string;

            /** RolloutControlRequest action. */
            action: ota.v1.RolloutAction;

            /**
             * Creates a new RolloutControlRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutControlRequest instance
             */
            static create(properties: ota.v1.RolloutControlRequest.$Shape): ota.v1.RolloutControlRequest & ota.v1.RolloutControlRequest.$Shape;
            static create(properties?: ota.v1.RolloutControlRequest.$Properties): ota.v1.RolloutControlRequest;

            /**
             * Encodes the specified RolloutControlRequest message. Does not implicitly {@link ota.v1.RolloutControlRequest.verify|verify} messages.
             * @param message RolloutControlRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutControlRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutControlRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutControlRequest & ota.v1.RolloutControlRequest.$Shape} RolloutControlRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutControlRequest & ota.v1.RolloutControlRequest.$Shape;

            /**
             * Creates a RolloutControlRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutControlRequest
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutControlRequest;

            /**
             * Creates a plain object from a RolloutControlRequest message. Also converts values to other types if specified.
             * @param message RolloutControlRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutControlRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutControlRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutControlRequest {

            /** Properties of a RolloutControlRequest. */
            interface $Properties {

                /** RolloutControlRequest id */
                id?: (string|null);

                /** RolloutControlRequest action */
                action?: (ota.v1.RolloutAction|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutControlRequest. */
            type $Shape = ota.v1.RolloutControlRequest.$Properties;
        }

        /** RolloutPhase enum. */
        enum RolloutPhase {

            /** ROLLOUT_PHASE_UNSPECIFIED value */
            ROLLOUT_PHASE_UNSPECIFIED = 0,

            /** ROLLOUT_PHASE_RUNNING value */
            ROLLOUT_PHASE_RUNNING = 1,

            /** ROLLOUT_PHASE_PAUSED value */
            ROLLOUT_PHASE_PAUSED = 2,

            /** ROLLOUT_PHASE_COMPLETED value */
            ROLLOUT_PHASE_COMPLETED = 3,

            /** ROLLOUT_PHASE_ABORTED value */
            ROLLOUT_PHASE_ABORTED = 4
        }

        /** RolloutDeviceState enum. */
        enum RolloutDeviceState {

            /** ROLLOUT_DEVICE_UNSPECIFIED value */
            ROLLOUT_DEVICE_UNSPECIFIED = 0,

            /** ROLLOUT_DEVICE_WAITING value */
            ROLLOUT_DEVICE_WAITING = 1,

            /** ROLLOUT_DEVICE_OFFERED value */
            ROLLOUT_DEVICE_OFFERED = 2,

            /** ROLLOUT_DEVICE_UPDATING value */
            ROLLOUT_DEVICE_UPDATING = 3,

            /** ROLLOUT_DEVICE_SUCCEEDED value */
            ROLLOUT_DEVICE_SUCCEEDED = 4,

            /** ROLLOUT_DEVICE_FAILED value */
            ROLLOUT_DEVICE_FAILED = 5,

            /** ROLLOUT_DEVICE_WITHDRAWN value */
            ROLLOUT_DEVICE_WITHDRAWN = 6
        }

        /**
         * Properties of a RolloutDeviceRecord.
         * @deprecated Use ota.v1.RolloutDeviceRecord.$Properties instead.
         */
        interface IRolloutDeviceRecord extends ota.v1.RolloutDeviceRecord.$Properties {
        }

        /** Represents a RolloutDeviceRecord. */
        class RolloutDeviceRecord {

            /**
             * Constructs a new RolloutDeviceRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutDeviceRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutDeviceRecord deviceId. */
            deviceId: string;

            /** RolloutDeviceRecord wave. */
            wave: number;

            /** RolloutDeviceRecord state. */
            state: ota.v1.RolloutDeviceState;

            /** RolloutDeviceRecord reason. */
            reason: string;

            /** RolloutDeviceRecord updatedAt. */
            updatedAt: number;

            /** RolloutDeviceRecord accepted. */
            accepted: boolean;

            /**
             * Creates a new RolloutDeviceRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutDeviceRecord instance
             */
            static create(properties: ota.v1.RolloutDeviceRecord.$Shape): ota.v1.RolloutDeviceRecord & ota.v1.RolloutDeviceRecord.$Shape;
            static create(properties?: ota.v1.RolloutDeviceRecord.$Properties): ota.v1.RolloutDeviceRecord;

            /**
             * Encodes the specified RolloutDeviceRecord message. Does not implicitly {@link ota.v1.RolloutDeviceRecord.verify|verify} messages.
             * @param message RolloutDeviceRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutDeviceRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutDeviceRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutDeviceRecord & ota.v1.RolloutDeviceRecord.$Shape} RolloutDeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutDeviceRecord & ota.v1.RolloutDeviceRecord.$Shape;

            /**
             * Creates a RolloutDeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutDeviceRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutDeviceRecord;

            /**
             * Creates a plain object from a RolloutDeviceRecord message. Also converts values to other types if specified.
             * @param message RolloutDeviceRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutDeviceRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutDeviceRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutDeviceRecord {

            /** Properties of a RolloutDeviceRecord. */
            interface $Properties {

                /** RolloutDeviceRecord deviceId */
                deviceId?: (string|null);

                /** RolloutDeviceRecord wave */
                wave?: (number|null);

                /** RolloutDeviceRecord state */
                state?: (ota.v1.RolloutDeviceState|null);

                /** RolloutDeviceRecord reason */
                reason?: (string|null);

                /** RolloutDeviceRecord updatedAt */
                updatedAt?: (number|null);

                /** RolloutDeviceRecord accepted */
                accepted?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutDeviceRecord. */
            type $Shape = ota.v1.RolloutDeviceRecord.$Properties;
        }

        /**
         * Properties of a RolloutWaveRecord.
         * @deprecated Use ota.v1.RolloutWaveRecord.$Properties instead.
         */
        interface IRolloutWaveRecord extends ota.v1.RolloutWaveRecord.$Properties {
        }

        /** Represents a RolloutWaveRecord. */
        class RolloutWaveRecord {

            /**
             * Constructs a new RolloutWaveRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutWaveRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutWaveRecord index. */
            index: number;

            /** RolloutWaveRecord share. */
            share: number;

            /** RolloutWaveRecord devices. */
            devices: number;

            /** RolloutWaveRecord offered. */
            offered: number;

            /** RolloutWaveRecord updating. */
            updating: number;

            /** RolloutWaveRecord succeeded. */
            succeeded: number;

            /** RolloutWaveRecord failed. */
            failed: number;

            /** RolloutWaveRecord startedAt. */
            startedAt: number;

            /** RolloutWaveRecord deadline. */
            deadline: number;

            /**
             * Creates a new RolloutWaveRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutWaveRecord instance
             */
            static create(properties: ota.v1.RolloutWaveRecord.$Shape): ota.v1.RolloutWaveRecord & ota.v1.RolloutWaveRecord.$Shape;
            static create(properties?: ota.v1.RolloutWaveRecord.$Properties): ota.v1.RolloutWaveRecord;

            /**
             * Encodes the specified RolloutWaveRecord message. Does not implicitly {@link ota.v1.RolloutWaveRecord.verify|verify} messages.
             * @param message RolloutWaveRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutWaveRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutWaveRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutWaveRecord & ota.v1.RolloutWaveRecord.$Shape} RolloutWaveRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutWaveRecord & ota.v1.RolloutWaveRecord.$Shape;

            /**
             * Creates a RolloutWaveRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutWaveRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutWaveRecord;

            /**
             * Creates a plain object from a RolloutWaveRecord message. Also converts values to other types if specified.
             * @param message RolloutWaveRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutWaveRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutWaveRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutWaveRecord {

            /** Properties of a RolloutWaveRecord. */
            interface $Properties {

                /** RolloutWaveRecord index */
                index?: (number|null);

                /** RolloutWaveRecord share */
                share?: (number|null);

                /** RolloutWaveRecord devices */
                devices?: (number|null);

                /** RolloutWaveRecord offered */
                offered?: (number|null);

                /** RolloutWaveRecord updating */
                updating?: (number|null);

                /** RolloutWaveRecord succeeded */
                succeeded?: (number|null);

                /** RolloutWaveRecord failed */
                failed?: (number|null);

                /** RolloutWaveRecord startedAt */
                startedAt?: (number|null);

                /** RolloutWaveRecord deadline */
                deadline?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutWaveRecord. */
            type $Shape = ota.v1.RolloutWaveRecord.$Properties;
        }

        /**
         * Properties of a RolloutRecord.
         * @deprecated Use ota.v1.RolloutRecord.$Properties instead.
         */
        interface IRolloutRecord extends ota.v1.RolloutRecord.$Properties {
        }

        /** Represents a RolloutRecord. */
        class RolloutRecord {

            /**
             * Constructs a new RolloutRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutRecord id. */
            id: string;

            /** RolloutRecord model. */
            model: string;

            /** RolloutRecord version. */
            version: string;

            /** RolloutRecord artifact. */
            artifact: Uint8Array;

            /** RolloutRecord sequence. */
            sequence: number;

            /** RolloutRecord phase. */
            phase: ota.v1.RolloutPhase;

            /** RolloutRecord reason. */
            reason: string;

            /** RolloutRecord wave. */
            wave: number;

            /** RolloutRecord spec. */
            spec?: (ota.v1.RolloutSpecRecord.$Properties|null);

            /** RolloutRecord waves. */
            waves: ota.v1.RolloutWaveRecord.$Properties[];

            /** RolloutRecord devices. */
            devices: ota.v1.RolloutDeviceRecord.$Properties[];

            /** RolloutRecord startedBy. */
            startedBy: string;

            /** RolloutRecord startedAt. */
            startedAt: number;

            /** RolloutRecord updatedAt. */
            updatedAt: number;

            /**
             * Creates a new RolloutRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutRecord instance
             */
            static create(properties: ota.v1.RolloutRecord.$Shape): ota.v1.RolloutRecord & ota.v1.RolloutRecord.$Shape;
            static create(properties?: ota.v1.RolloutRecord.$Properties): ota.v1.RolloutRecord;

            /**
             * Encodes the specified RolloutRecord message. Does not implicitly {@link ota.v1.RolloutRecord.verify|verify} messages.
             * @param message RolloutRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutRecord & ota.v1.RolloutRecord.$Shape} RolloutRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutRecord & ota.v1.RolloutRecord.$Shape;

            /**
             * Creates a RolloutRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutRecord;

            /**
             * Creates a plain object from a RolloutRecord message. Also converts values to other types if specified.
             * @param message RolloutRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutRecord {

            /** Properties of a RolloutRecord. */
            interface $Properties {

                /** RolloutRecord id */
                id?: (string|null);

                /** RolloutRecord model */
                model?: (string|null);

                /** RolloutRecord version */
                version?: (string|null);

                /** RolloutRecord artifact */
                artifact?: (Uint8Array|null);

                /** RolloutRecord sequence */
                sequence?: (number|null);

                /** RolloutRecord phase */
                phase?: (ota.v1.RolloutPhase|null);

                /** RolloutRecord reason */
                reason?: (string|null);

                /** RolloutRecord wave */
                wave?: (number|null);

                /** RolloutRecord spec */
                spec?: (ota.v1.RolloutSpecRecord.$Properties|null);

                /** RolloutRecord waves */
                waves?: (ota.v1.RolloutWaveRecord.$Properties[]|null);

                /** RolloutRecord devices */
                devices?: (ota.v1.RolloutDeviceRecord.$Properties[]|null);

                /** RolloutRecord startedBy */
                startedBy?: (string|null);

                /** RolloutRecord startedAt */
                startedAt?: (number|null);

                /** RolloutRecord updatedAt */
                updatedAt?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutRecord. */
            type $Shape = ota.v1.RolloutRecord.$Properties;
        }

        /**
         * Properties of a RolloutList.
         * @deprecated Use ota.v1.RolloutList.$Properties instead.
         */
        interface IRolloutList extends ota.v1.RolloutList.$Properties {
        }

        /** Represents a RolloutList. */
        class RolloutList {

            /**
             * Constructs a new RolloutList.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutList.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutList rollouts. */
            rollouts: ota.v1.RolloutRecord.$Properties[];

            /**
             * Creates a new RolloutList instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutList instance
             */
            static create(properties: ota.v1.RolloutList.$Shape): ota.v1.RolloutList & ota.v1.RolloutList.$Shape;
            static create(properties?: ota.v1.RolloutList.$Properties): ota.v1.RolloutList;

            /**
             * Encodes the specified RolloutList message. Does not implicitly {@link ota.v1.RolloutList.verify|verify} messages.
             * @param message RolloutList message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutList.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutList message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutList & ota.v1.RolloutList.$Shape} RolloutList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutList & ota.v1.RolloutList.$Shape;

            /**
             * Creates a RolloutList message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutList
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutList;

            /**
             * Creates a plain object from a RolloutList message. Also converts values to other types if specified.
             * @param message RolloutList
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutList, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutList to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutList {

            /** Properties of a RolloutList. */
            interface $Properties {

                /** RolloutList rollouts */
                rollouts?: (ota.v1.RolloutRecord.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutList. */
            type $Shape = ota.v1.RolloutList.$Properties;
        }

        /**
         * Properties of a PlannedDeviceRecord.
         * @deprecated Use ota.v1.PlannedDeviceRecord.$Properties instead.
         */
        interface IPlannedDeviceRecord extends ota.v1.PlannedDeviceRecord.$Properties {
        }

        /** Represents a PlannedDeviceRecord. */
        class PlannedDeviceRecord {

            /**
             * Constructs a new PlannedDeviceRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.PlannedDeviceRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PlannedDeviceRecord deviceId. */
            deviceId: string;

            /** PlannedDeviceRecord online. */
            online: boolean;

            /** PlannedDeviceRecord currentVersion. */
            currentVersion: string;

            /** PlannedDeviceRecord support. */
            support: ota.v1.SupportStatus;

            /** PlannedDeviceRecord endOfLifeAt. */
            endOfLifeAt: number;

            /**
             * Creates a new PlannedDeviceRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns PlannedDeviceRecord instance
             */
            static create(properties: ota.v1.PlannedDeviceRecord.$Shape): ota.v1.PlannedDeviceRecord & ota.v1.PlannedDeviceRecord.$Shape;
            static create(properties?: ota.v1.PlannedDeviceRecord.$Properties): ota.v1.PlannedDeviceRecord;

            /**
             * Encodes the specified PlannedDeviceRecord message. Does not implicitly {@link ota.v1.PlannedDeviceRecord.verify|verify} messages.
             * @param message PlannedDeviceRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.PlannedDeviceRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PlannedDeviceRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.PlannedDeviceRecord & ota.v1.PlannedDeviceRecord.$Shape} PlannedDeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.PlannedDeviceRecord & ota.v1.PlannedDeviceRecord.$Shape;

            /**
             * Creates a PlannedDeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns PlannedDeviceRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.PlannedDeviceRecord;

            /**
             * Creates a plain object from a PlannedDeviceRecord message. Also converts values to other types if specified.
             * @param message PlannedDeviceRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.PlannedDeviceRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this PlannedDeviceRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace PlannedDeviceRecord {

            /** Properties of a PlannedDeviceRecord. */
            interface $Properties {

                /** PlannedDeviceRecord deviceId */
                deviceId?: (string|null);

                /** PlannedDeviceRecord online */
                online?: (boolean|null);

                /** PlannedDeviceRecord currentVersion */
                currentVersion?: (string|null);

                /** PlannedDeviceRecord support */
                support?: (ota.v1.SupportStatus|null);

                /** PlannedDeviceRecord endOfLifeAt */
                endOfLifeAt?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PlannedDeviceRecord. */
            type $Shape = ota.v1.PlannedDeviceRecord.$Properties;
        }

        /**
         * Properties of a PlannedWaveRecord.
         * @deprecated Use ota.v1.PlannedWaveRecord.$Properties instead.
         */
        interface IPlannedWaveRecord extends ota.v1.PlannedWaveRecord.$Properties {
        }

        /** Represents a PlannedWaveRecord. */
        class PlannedWaveRecord {

            /**
             * Constructs a new PlannedWaveRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.PlannedWaveRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PlannedWaveRecord index. */
            index: number;

            /** PlannedWaveRecord share. */
            share: number;

            /** PlannedWaveRecord devices. */
            devices: ota.v1.PlannedDeviceRecord.$Properties[];

            /**
             * Creates a new PlannedWaveRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns PlannedWaveRecord instance
             */
            static create(properties: ota.v1.PlannedWaveRecord.$Shape): ota.v1.PlannedWaveRecord & ota.v1.PlannedWaveRecord.$Shape;
            static create(properties?: ota.v1.PlannedWaveRecord.$Properties): ota.v1.PlannedWaveRecord;

            /**
             * Encodes the specified PlannedWaveRecord message. Does not implicitly {@link ota.v1.PlannedWaveRecord.verify|verify} messages.
             * @param message PlannedWaveRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.PlannedWaveRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PlannedWaveRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.PlannedWaveRecord & ota.v1.PlannedWaveRecord.$Shape} PlannedWaveRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.PlannedWaveRecord & ota.v1.PlannedWaveRecord.$Shape;

            /**
             * Creates a PlannedWaveRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns PlannedWaveRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.PlannedWaveRecord;

            /**
             * Creates a plain object from a PlannedWaveRecord message. Also converts values to other types if specified.
             * @param message PlannedWaveRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.PlannedWaveRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this PlannedWaveRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace PlannedWaveRecord {

            /** Properties of a PlannedWaveRecord. */
            interface $Properties {

                /** PlannedWaveRecord index */
                index?: (number|null);

                /** PlannedWaveRecord share */
                share?: (number|null);

                /** PlannedWaveRecord devices */
                devices?: (ota.v1.PlannedDeviceRecord.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PlannedWaveRecord. */
            type $Shape = ota.v1.PlannedWaveRecord.$Properties;
        }

        /**
         * Properties of an ExcludedDeviceRecord.
         * @deprecated Use ota.v1.ExcludedDeviceRecord.$Properties instead.
         */
        interface IExcludedDeviceRecord extends ota.v1.ExcludedDeviceRecord.$Properties {
        }

        /** Represents an ExcludedDeviceRecord. */
        class ExcludedDeviceRecord {

            /**
             * Constructs a new ExcludedDeviceRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.ExcludedDeviceRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ExcludedDeviceRecord deviceId. */
            deviceId: string;

            /** ExcludedDeviceRecord reason. */
            reason: string;

            /**
             * Creates a new ExcludedDeviceRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ExcludedDeviceRecord instance
             */
            static create(properties: ota.v1.ExcludedDeviceRecord.$Shape): ota.v1.ExcludedDeviceRecord & ota.v1.ExcludedDeviceRecord.$Shape;
            static create(properties?: ota.v1.ExcludedDeviceRecord.$Properties): ota.v1.ExcludedDeviceRecord;

            /**
             * Encodes the specified ExcludedDeviceRecord message. Does not implicitly {@link ota.v1.ExcludedDeviceRecord.verify|verify} messages.
             * @param message ExcludedDeviceRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.ExcludedDeviceRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ExcludedDeviceRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.ExcludedDeviceRecord & ota.v1.ExcludedDeviceRecord.$Shape} ExcludedDeviceRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.ExcludedDeviceRecord & ota.v1.ExcludedDeviceRecord.$Shape;

            /**
             * Creates an ExcludedDeviceRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ExcludedDeviceRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.ExcludedDeviceRecord;

            /**
             * Creates a plain object from an ExcludedDeviceRecord message. Also converts values to other types if specified.
             * @param message ExcludedDeviceRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.ExcludedDeviceRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ExcludedDeviceRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ExcludedDeviceRecord {

            /** Properties of an ExcludedDeviceRecord. */
            interface $Properties {

                /** ExcludedDeviceRecord deviceId */
                deviceId?: (string|null);

                /** ExcludedDeviceRecord reason */
                reason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an ExcludedDeviceRecord. */
            type $Shape = ota.v1.ExcludedDeviceRecord.$Properties;
        }

        /**
         * Properties of a RolloutPlanRecord.
         * @deprecated Use ota.v1.RolloutPlanRecord.$Properties instead.
         */
        interface IRolloutPlanRecord extends ota.v1.RolloutPlanRecord.$Properties {
        }

        /** Represents a RolloutPlanRecord. */
        class RolloutPlanRecord {

            /**
             * Constructs a new RolloutPlanRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: ota.v1.RolloutPlanRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RolloutPlanRecord model. */
            model: string;

            /** RolloutPlanRecord version. */
            version: string;

            /** RolloutPlanRecord artifact. */
            artifact: Uint8Array;

            /** RolloutPlanRecord securityVersion. */
            securityVersion: number;

            /** RolloutPlanRecord waves. */
            waves: ota.v1.PlannedWaveRecord.$Properties[];

            /** RolloutPlanRecord excluded. */
            excluded: ota.v1.ExcludedDeviceRecord.$Properties[];

            /** RolloutPlanRecord warnings. */
            warnings: string[];

            /**
             * Creates a new RolloutPlanRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RolloutPlanRecord instance
             */
            static create(properties: ota.v1.RolloutPlanRecord.$Shape): ota.v1.RolloutPlanRecord & ota.v1.RolloutPlanRecord.$Shape;
            static create(properties?: ota.v1.RolloutPlanRecord.$Properties): ota.v1.RolloutPlanRecord;

            /**
             * Encodes the specified RolloutPlanRecord message. Does not implicitly {@link ota.v1.RolloutPlanRecord.verify|verify} messages.
             * @param message RolloutPlanRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: ota.v1.RolloutPlanRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RolloutPlanRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {ota.v1.RolloutPlanRecord & ota.v1.RolloutPlanRecord.$Shape} RolloutPlanRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): ota.v1.RolloutPlanRecord & ota.v1.RolloutPlanRecord.$Shape;

            /**
             * Creates a RolloutPlanRecord message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns RolloutPlanRecord
             */
            static fromObject(object: { [k: string]: any }): ota.v1.RolloutPlanRecord;

            /**
             * Creates a plain object from a RolloutPlanRecord message. Also converts values to other types if specified.
             * @param message RolloutPlanRecord
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: ota.v1.RolloutPlanRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this RolloutPlanRecord to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace RolloutPlanRecord {

            /** Properties of a RolloutPlanRecord. */
            interface $Properties {

                /** RolloutPlanRecord model */
                model?: (string|null);

                /** RolloutPlanRecord version */
                version?: (string|null);

                /** RolloutPlanRecord artifact */
                artifact?: (Uint8Array|null);

                /** RolloutPlanRecord securityVersion */
                securityVersion?: (number|null);

                /** RolloutPlanRecord waves */
                waves?: (ota.v1.PlannedWaveRecord.$Properties[]|null);

                /** RolloutPlanRecord excluded */
                excluded?: (ota.v1.ExcludedDeviceRecord.$Properties[]|null);

                /** RolloutPlanRecord warnings */
                warnings?: (string[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RolloutPlanRecord. */
            type $Shape = ota.v1.RolloutPlanRecord.$Properties;
        }
    }
}
