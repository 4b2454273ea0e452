import { render } from 'solid-js/web';
import { Router } from '@solidjs/router';
import { App } from './App.tsx';
import { routes } from './routes.ts';
import './styles.css';

render(() => <Router root={App}>{routes}</Router>, document.getElementById('root')!);
