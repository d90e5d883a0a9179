import 'reflect-metadata';
console.log('todo');
