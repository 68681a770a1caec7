/**
 * The sync server arrives in step 2: the y-websocket protocol, the rule gate of
 * @hindsight/shared on every incoming update, and durable SQLite storage.
 */
export {};
