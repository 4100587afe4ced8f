// Generates a realistic .http file of `count` requests (about 150 bytes each): file variables,
// `###` titles, `# @name` and our annotations, comments, headers, query continuation lines and
// JSON bodies, in a repeating mix of four request shapes.

export function generateHttpFile(count) {
  const parts = [
    '@baseUrl = https://remitjunction.fincode.software/sandbox/api/v6/services',
    '@token = {{login.response.body.token}}',
    '',
  ];
  for (let i = 0; i < count; i++) parts.push(REQUEST_SHAPES[i % REQUEST_SHAPES.length](i));
  return parts.join('\n');
}

const REQUEST_SHAPES = [
  (i) => `### List transactions ${i}
# @name list${i}
GET {{baseUrl}}/transactions?page=${i}
Accept: application/json
X-Auth-Token: {{token}}
`,
  (i) => `### Create transaction ${i}
# @role CASHIER
POST {{baseUrl}}/transactions
Content-Type: application/json

{"amount": ${i}, "currency": "USD", "note": "t${i}"}
`,
  (i) => `###
// Quote for corridor ${i}
GET {{baseUrl}}/quotes/${i}
  ?corridor=US-PH
  &amount=100
Accept: application/json
uuid: 200
`,
  (i) => `### Update ${i}
# @expect MANAGER=200 CUSTOMER=403
PATCH {{baseUrl}}/transactions/${i} HTTP/1.1
Content-Type: application/json

{
  "status": "PAID",
  "reason": "settled"
}
`,
];
