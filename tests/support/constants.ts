/** The provider API key every test server is started with. */
export const testApiKey = 'test_gatehouse_contract_key';
