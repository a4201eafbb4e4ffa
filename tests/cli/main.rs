mod estimation;
