export { Cabinet } from "./object";
