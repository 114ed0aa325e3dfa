from arena_contract.cli import console

console()
