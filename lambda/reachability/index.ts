export { interfacesOf, primaryInterface } from './instance';
