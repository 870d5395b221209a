module darwindeck/gosim

go 1.22
