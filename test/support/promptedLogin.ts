// The documented login with its e-mail from `# @prompt email` and its password from
// `{{$password Password}}`: what the prompt tests send to the sandbox, from the core and the CLI.
export const PROMPTED_LOGIN = [
  '# @prompt email Your e-mail',
  'PUT {{baseUrl}}/securitymanagement/login',
  'Content-Type: application/json',
  '',
  '{"email": "{{email}}", "currentPassword": "{{$password Password}}"}',
].join('\n');
