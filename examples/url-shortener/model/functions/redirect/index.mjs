// GET /{linkId}: the short link's redirect (public: whoever has the link may follow it).
// After the aws-samples "amazon-api-gateway-url-shortener" GET /{linkId}, which answers 301 with the
// stored URL, or sends the browser back to the app with ?error=url_not_found.
// The DynamoDB client ships with Lambda's Node.js runtime; it is loaded on first use, so the tests
// can give `handle` a fake one.

const LINK_ID = /^[A-Za-z0-9_-]{1,64}$/;

let client;
async function getItem(input) {
  if (!client) {
    const { DynamoDBClient, GetItemCommand } = await import("@aws-sdk/client-dynamodb");
    const dynamodb = new DynamoDBClient({});
    client = (request) => dynamodb.send(new GetItemCommand(request));
  }
  return client(input);
}

function redirect(status, location) {
  return { statusCode: status, headers: { Location: location, "Cache-Control": "no-store" }, body: "" };
}

export async function handle(event, env, lookup) {
  const id = event?.pathParameters?.linkId ?? "";
  const notFound = `${env.ALLOWED_ORIGIN}/?error=url_not_found`;
  if (!LINK_ID.test(id)) {
    return redirect(302, notFound);
  }
  const found = await lookup({ TableName: env.TABLE_NAME, Key: { id: { S: id } }, ProjectionExpression: "#u",
                               ExpressionAttributeNames: { "#u": "url" } });
  const url = found?.Item?.url?.S;
  // Only web addresses were ever stored (the links function checks), but a redirect never trusts data.
  return url && /^https?:\/\//.test(url) ? redirect(301, url) : redirect(302, notFound);
}

export const handler = (event) => handle(event, process.env, getItem);
