/**
 * The errors a Misskey server sends whatever the endpoint (its API call service and param validator),
 * with the status and kind real servers send, which is not always the key a spec lists them under
 * (AUTHENTICATION_FAILED is listed under 403 and arrives as 401). Protocol document §1; ids and
 * messages as in Misskey's source. Read by normalize (errors a spec leaves out) and by the mock.
 */
export interface ServerError {
  id: string;
  message: string;
  kind: string;
  status: number;
}

export const SERVER_ERRORS: Readonly<Record<string, ServerError>> = {
  INVALID_PARAM: { id: '3d81ceae-475f-4600-b2a8-2bc116157532', message: 'Invalid param.', kind: 'client', status: 400 },
  CREDENTIAL_REQUIRED: { id: '1384574d-a912-4b81-8601-c7b1c4085df1', message: 'Credential required.', kind: 'client', status: 401 },
  AUTHENTICATION_FAILED: { id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14', message: 'Authentication failed. Please ensure your token is correct.', kind: 'client', status: 401 },
  PERMISSION_DENIED: { id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838', message: 'Your app does not have the necessary permissions to use this endpoint.', kind: 'permission', status: 403 },
  // The service's own refusal (internal endpoints and app tokens), not an endpoint's ACCESS_DENIED of the same code.
  ACCESS_DENIED: { id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e', message: 'Access denied.', kind: 'client', status: 400 },
  RATE_LIMIT_EXCEEDED: { id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef', message: 'Rate limit exceeded. Please try again later.', kind: 'client', status: 429 },
  INTERNAL_ERROR: { id: '5d37dbcb-891e-41ca-a3d6-e690c97775ac', message: 'Internal error occurred. Please contact us if the error persists.', kind: 'server', status: 500 },
};
