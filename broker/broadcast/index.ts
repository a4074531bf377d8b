/** Broadcast of chunk frames to every device of a model fetching the same artifact (docs/PROTOCOL.md, "Broadcast"). */
export { Broadcaster, type BroadcastStats, type Taken } from './broadcaster.js'
export { BroadcastSubscribers, MAX_BROADCAST_TOPICS, castKey } from './subscribers.js'
export { serveChunks, type ServeRequest } from './serve.js'
