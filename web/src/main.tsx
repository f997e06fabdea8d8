import { Provider } from '@urql/preact';
import { render } from 'preact';
import { App } from './App';
import { makeClient } from './client';
import './styles.css';

const client = makeClient();

render(
  <Provider value={client}>
    <App />
  </Provider>,
  document.getElementById('app')!,
);
