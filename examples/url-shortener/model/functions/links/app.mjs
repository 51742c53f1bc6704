// The signed-in user's links: GET /app (list), POST /app (create), PUT and DELETE /app/{linkId}.
// After the aws-samples "amazon-api-gateway-url-shortener" /app routes, whose VTL templates call
// DynamoDB directly; here one function does, with the same rules: a link id is taken once
// (attribute_not_exists), and only its owner (the JWT's email claim) may change or delete it.
// Two tables: links by id (what the redirect reads) and owner-links by owner (what the list reads),
// written together in one transaction. The DynamoDB client ships with Lambda's Node.js runtime.

const LINK_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_URL = 2048;

let client;
async function call(command, input) {
  if (!client) {
    const sdk = await import("@aws-sdk/client-dynamodb");
    const dynamodb = new sdk.DynamoDBClient({});
    client = (name, request) => dynamodb.send(new sdk[`${name}Command`](request));
  }
  return client(command, input);
}

class Refused extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function answer(env, status, body) {
  return { statusCode: status, body: JSON.stringify(body),
           headers: { "Content-Type": "application/json", "Access-Control-Allow-Origin": env.ALLOWED_ORIGIN,
                      Vary: "Origin" } };
}

function parse(event) {
  let body;
  try {
    body = JSON.parse(event.body ?? "");
  } catch {
    throw new Refused(400, "the body must be JSON");
  }
  const { id, url } = body ?? {};
  if (typeof id !== "string" || !LINK_ID.test(id)) {
    throw new Refused(400, "'id' must be 1 to 64 letters, digits, '-' or '_'");
  }
  if (typeof url !== "string" || url.length > MAX_URL || !/^https?:\/\/[^\s]+$/.test(url)) {
    throw new Refused(400, `'url' must be an http(s) address of at most ${MAX_URL} characters`);
  }
  return { id, url };
}

function both(env, owner, id, link, condition) {
  return {
    TransactItems: [
      { [link ? "Put" : "Delete"]: { TableName: env.LINKS_TABLE_NAME, ...(link ? { Item: link } : { Key: { id: { S: id } } }),
                                     ...condition } },
      { [link ? "Put" : "Delete"]: { TableName: env.OWNER_LINKS_TABLE_NAME,
                                     ...(link ? { Item: { owner: { S: owner }, id: { S: id } } }
                                              : { Key: { owner: { S: owner }, id: { S: id } } }) } },
    ],
  };
}

const OWNED = { ConditionExpression: "#o = :o", ExpressionAttributeNames: { "#o": "owner" } };

async function route(event, env, dynamodb, owner) {
  const key = `${event.httpMethod} ${event.resource}`;
  if (key === "GET /app") {
    const found = await dynamodb("Query", { TableName: env.OWNER_LINKS_TABLE_NAME, KeyConditionExpression: "#o = :o",
                                            ExpressionAttributeNames: { "#o": "owner" },
                                            ExpressionAttributeValues: { ":o": { S: owner } } });
    return answer(env, 200, { links: (found.Items ?? []).map((item) => item.id.S) });
  }
  if (key === "POST /app" || key === "PUT /app/{linkId}") {
    const { id, url } = parse(event);
    if (key === "PUT /app/{linkId}" && id !== event.pathParameters?.linkId) {
      throw new Refused(400, "the body's id is not the path's");
    }
    const link = { id: { S: id }, url: { S: url }, owner: { S: owner }, timestamp: { S: new Date().toISOString() } };
    const condition = key === "POST /app"
      ? { ConditionExpression: "attribute_not_exists(id)" }
      : { ...OWNED, ExpressionAttributeValues: { ":o": { S: owner } } };
    await dynamodb("TransactWriteItems", both(env, owner, id, link, condition));
    return answer(env, key === "POST /app" ? 201 : 200, { id, url });
  }
  if (key === "DELETE /app/{linkId}") {
    const id = event.pathParameters?.linkId ?? "";
    if (!LINK_ID.test(id)) {
      throw new Refused(400, "no such link");
    }
    await dynamodb("TransactWriteItems", both(env, owner, id, null, { ...OWNED,
                                                                     ExpressionAttributeValues: { ":o": { S: owner } } }));
    return answer(env, 200, { id, deleted: true });
  }
  throw new Refused(404, `no route ${key}`);
}

export async function handle(event, env, dynamodb) {
  const owner = event?.requestContext?.authorizer?.claims?.email;
  try {
    if (!owner) {
      throw new Refused(401, "no signed-in user");
    }
    return await route(event, env, dynamodb, owner);
  } catch (error) {
    if (error instanceof Refused) {
      return answer(env, error.status, { error: error.message });
    }
    if (error?.name === "TransactionCanceledException") {
      return answer(env, 409, { error: "that link id is taken, or not yours" });
    }
    console.error(JSON.stringify({ error: error?.name, message: error?.message }));
    return answer(env, 500, { error: "internal error" });
  }
}

export const handler = (event) => handle(event, process.env, call);
