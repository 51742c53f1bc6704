// The URL shortener example's functions, with a fake DynamoDB: run by tests/functions/test_url_shortener.py
// through `node --test` (the Lambda runtime's SDK is not needed: the handlers take their client).
import { test } from "node:test";
import assert from "node:assert/strict";

const functions = new URL("../../../examples/url-shortener/model/functions/", import.meta.url);
const { handle: redirect } = await import(new URL("redirect/index.mjs", functions));
const { handle: links } = await import(new URL("links/app.mjs", functions));
const env = { ALLOWED_ORIGIN: "https://links.example.net", TABLE_NAME: "links", LINKS_TABLE_NAME: "links",
              OWNER_LINKS_TABLE_NAME: "owner-links" };

test("a known link redirects permanently to its address", async () => {
  const asked = [];
  const answer = await redirect({ pathParameters: { linkId: "abc" } }, env,
                                async (input) => { asked.push(input); return { Item: { url: { S: "https://aws.amazon.com/" } } }; });
  assert.equal(answer.statusCode, 301);
  assert.equal(answer.headers.Location, "https://aws.amazon.com/");
  assert.deepEqual(asked[0].Key, { id: { S: "abc" } });
  assert.equal(asked[0].TableName, "links");
});

test("an unknown, malformed or unsafe link goes back to the app", async () => {
  for (const [id, item] of [["nope", undefined], ["../etc", undefined], ["js", { url: { S: "javascript:alert(1)" } }]]) {
    const answer = await redirect({ pathParameters: { linkId: id } }, env, async () => ({ Item: item }));
    assert.equal(answer.statusCode, 302);
    assert.equal(answer.headers.Location, "https://links.example.net/?error=url_not_found");
  }
});

function call(method, resource, body, linkId) {
  return { httpMethod: method, resource, body: body === undefined ? undefined : JSON.stringify(body),
           pathParameters: linkId ? { linkId } : null,
           requestContext: { authorizer: { claims: { email: "ana@example.net" } } } };
}

test("creating a link writes both tables in one transaction, once per id", async () => {
  const sent = [];
  const dynamodb = async (command, input) => { sent.push([command, input]); return {}; };
  const answer = await links(call("POST", "/app", { id: "docs", url: "https://docs.aws.amazon.com/" }), env, dynamodb);
  assert.equal(answer.statusCode, 201);
  assert.equal(answer.headers["Access-Control-Allow-Origin"], "https://links.example.net");
  const [[command, input]] = sent;
  assert.equal(command, "TransactWriteItems");
  assert.equal(input.TransactItems[0].Put.ConditionExpression, "attribute_not_exists(id)");
  assert.equal(input.TransactItems[0].Put.Item.owner.S, "ana@example.net");
  assert.deepEqual(input.TransactItems[1].Put.Item, { owner: { S: "ana@example.net" }, id: { S: "docs" } });
});

test("a taken id is a conflict, a bad body a 400, no user a 401", async () => {
  const taken = async () => { const error = new Error("cancelled"); error.name = "TransactionCanceledException"; throw error; };
  assert.equal((await links(call("POST", "/app", { id: "docs", url: "https://x.example/" }), env, taken)).statusCode, 409);
  for (const body of [{ id: "a b", url: "https://x.example/" }, { id: "ok", url: "ftp://x" }, "not json"]) {
    assert.equal((await links(call("POST", "/app", body), env, async () => ({}))).statusCode, 400);
  }
  const anonymous = { httpMethod: "GET", resource: "/app", requestContext: {} };
  assert.equal((await links(anonymous, env, async () => ({}))).statusCode, 401);
});

test("listing reads the owner's table; deleting is the owner's only", async () => {
  const listed = await links(call("GET", "/app"), env, async (command, input) => {
    assert.equal(command, "Query");
    assert.equal(input.TableName, "owner-links");
    return { Items: [{ owner: { S: "ana@example.net" }, id: { S: "docs" } }] };
  });
  assert.deepEqual(JSON.parse(listed.body), { links: ["docs"] });
  let condition;
  await links(call("DELETE", "/app/{linkId}", undefined, "docs"), env, async (command, input) => {
    condition = input.TransactItems[0].Delete;
    return {};
  });
  assert.equal(condition.ConditionExpression, "#o = :o");
  assert.deepEqual(condition.ExpressionAttributeValues, { ":o": { S: "ana@example.net" } });
});
