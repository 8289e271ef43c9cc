import { expect } from 'jest';
