package bytecode

import "fmt"

// Error is one problem of a program, at a byte offset.
type Error struct {
	Offset int
	Msg    string
}

// Error formats the problem as "bytecode: offset N: msg".
func (e *Error) Error() string {
	return fmt.Sprintf("bytecode: offset %d: %s", e.Offset, e.Msg)
}

// ErrorList is the list of problems Decode found, in the order found.
type ErrorList []*Error

// maxErrors bounds how many problems Decode collects.
const maxErrors = 10

// Error formats the first problem and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "bytecode: no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns nil for an empty list, else the list itself as an error.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
